package sentemb.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sentemb.data.sts.StsDataLoader;
import sentemb.data.sts.StsTask;
import sentemb.eval.PromptEolEncoder;
import sentemb.eval.PublishedRows;
import sentemb.eval.StsEvalOptions;
import sentemb.eval.StsEvaluation;
import sentemb.eval.StsEvaluator;
import sentemb.eval.StsReport;
import sentemb.eval.StsResults;
import sentemb.eval.StsTable;
import sentemb.eval.transfer.ResultsFile;
import sentemb.eval.transfer.PublishedTransferRows;
import sentemb.eval.transfer.TransferEvaluator;
import sentemb.eval.transfer.TransferMode;
import sentemb.eval.transfer.TransferReport;
import sentemb.eval.transfer.TransferTable;
import sentemb.eval.transfer.TransferTask;
import sentemb.io.AtomicFiles;
import sentemb.model.DecoderModel;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;

/** {@code sentemb eval}: STS (and transfer) scores of a model directory. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a model on STS12-16, STS-B, SICK-R and SentEval's transfer tasks (SentEval layout)",
            "and print the tables beside published results."})
final class EvalCommand implements Callable<Integer> {
    @Mixin
    EncoderOptions model;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "SentEval's downstream folder (STS/STS12-en-test ... STS/STSBenchmark, SICK)")
    Path data;

    @Option(names = "--tasks", split = ",", paramLabel = "TASK",
            description = {"STS12,STS13,STS14,STS15,STS16,STSBenchmark,SICKRelatedness and/or MR,CR,SUBJ,MPQA,SST2,TREC,MRPC",
                "('transfer' = all seven transfer tasks) (default: all STS tasks for the split)"})
    List<String> tasks = List.of();

    @Option(names = "--transfer-mode", defaultValue = "test", paramLabel = "test|dev",
            description = {"Transfer protocol: test = SentEval's (10 folds, batch 64, tenacity 5, epoch size 4; hours on a CPU),",
                "dev = its fast prototyping setting (5 folds, batch 128, tenacity 3, epoch size 2) (default ${DEFAULT-VALUE})"})
    String transferMode;

    @Option(names = "--seed", defaultValue = "1111", description = "Seed of the transfer classifiers (default ${DEFAULT-VALUE}, SentEval's)")
    long seed;

    @Option(names = "--split", defaultValue = "test", description = "test, or dev (STS-B dev) (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where results.json, predictions/ and the table go")
    Path output;

    @Option(names = "--no-cleanup", description = {"Skip the reference's evaluation text clean-up. It is on by default here, as in the",
        "reference's evaluation, and off by default in `embed`: give embed --cleanup for the same vectors as eval"})
    boolean noCleanup;

    @Option(names = "--label", description = "Row label in the table (default: the model folder name)")
    String label;

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    /** The one default that differs between eval and embed, said in both outputs' metadata. */
    static final String CLEANUP_NOTE = "eval applies the reference's evaluation text clean-up by default (--no-cleanup turns it off);"
            + " embed does not (--cleanup turns it on), so the same model gives the same vectors only with matching settings";

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireInputDirectory("--data", data, "SentEval's downstream folder");
        List<String> transferTasks = tasks.stream().filter(TransferTask::isTransferName).toList();
        List<String> stsTasks = tasks.stream().filter(t -> !TransferTask.isTransferName(t)).toList();
        boolean runSts = !stsTasks.isEmpty() || transferTasks.isEmpty();
        TransferMode mode = TransferMode.parse(transferMode);
        TransferTask.parse(transferTasks);
        StsEvalOptions options = runSts ? StsEvalOptions.of(stsTasks, split) : null;
        if (runSts) {
            requireSomeTaskPresent(options);
        }
        OutputPaths.requireDirectoryTarget("--output", output);
        Representation rep = model.prepare(!noCleanup);
        PrintWriter out = spec.commandLine().getOut();
        try (DecoderModel m = model.loadModel(); PromptTokenizer tok = PromptTokenizer.load(model.model)) {
            PromptEolEncoder encoder = model.encoder(m, tok, rep);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("model", model.model.toAbsolutePath().toString());
            meta.put("template", rep.effectiveTemplate().referenceSyntax());
            meta.put("pooling", rep.pooling().name().toLowerCase());
            meta.put("cleanup", rep.cleanup());
            meta.put("pad_token_id", tok.padId() + " (" + tok.padSource() + ")");
            meta.put("cleanup_note", CLEANUP_NOTE);
            String name = label != null ? label : model.model.toAbsolutePath().normalize().getFileName().toString();
            StsResults results = null;
            TransferReport report = null;
            // everything is written into a staging folder first and moved into --output at the end: all or nothing
            Path staging = AtomicFiles.tempSibling(output);
            try {
                if (runSts) {
                    StsEvaluation ev = new StsEvaluator(encoder, model.batchSize, logging.progressBars()).evaluate(data, options);
                    results = StsReport.write(staging, name, meta, ev);
                    out.println(StsTable.markdown(List.of(results), PublishedRows.load()));
                } else if (Files.isRegularFile(output.resolve(StsReport.RESULTS_FILE))) {
                    Files.copy(output.resolve(StsReport.RESULTS_FILE), staging.resolve(StsReport.RESULTS_FILE)); // transfer joins it
                }
                if (!transferTasks.isEmpty()) {
                    report = new TransferEvaluator(mode).withEmbedBatchSize(model.batchSize).run(encoder, data, transferTasks, seed);
                    ResultsFile.addTransfer(staging.resolve(StsReport.RESULTS_FILE), name, meta, report);
                    out.println(TransferTable.markdown(report, name, PublishedTransferRows.load()));
                }
                AtomicFiles.publishContents(staging, output, StsReport.RESULTS_FILE);
            } finally {
                AtomicFiles.deleteRecursively(staging);
            }
            TaskSummary.lines(results, report, data).forEach(out::println);
            out.println("results: " + output.resolve(StsReport.RESULTS_FILE));
        }
        return 0;
    }

    /**
     * A task whose files are absent is reported as "missing" in the table (SentEval's folder
     * often holds only some of them), but when none of the selected tasks is there the
     * --data folder is wrong: that is an error, raised before the model is loaded.
     */
    private void requireSomeTaskPresent(StsEvalOptions options) {
        StsDataLoader loader = new StsDataLoader(data);
        List<String> absent = new ArrayList<>();
        for (StsTask t : options.tasks()) {
            List<Path> missing = loader.requiredFiles(t, options.split()).stream().filter(p -> !Files.isRegularFile(p)).toList();
            if (missing.isEmpty()) {
                return;
            }
            absent.add(missing.size() == 1 ? data.relativize(missing.get(0)).toString()
                    : data.relativize(loader.taskDir(t)) + "/ (" + missing.size() + " files)");
        }
        throw new IllegalArgumentException("--data " + data + " holds none of the selected tasks " + options.tasks().stream()
                .map(StsTask::taskName).toList() + " (" + options.split().label() + " split); looked for " + String.join(", ", absent)
                + " (SentEval's downstream layout)");
    }
}
