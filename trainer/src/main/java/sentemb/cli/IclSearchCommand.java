package sentemb.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sentemb.eval.icl.DemonstrationPool;
import sentemb.eval.icl.DevSelection;
import sentemb.eval.icl.IclSearch;
import sentemb.eval.icl.IclSearchResult;
import sentemb.eval.icl.PoolEntry;
import sentemb.io.ProjectPaths;
import sentemb.model.DecoderModel;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;

/** {@code sentemb icl-search}: rank candidate in-context demonstrations on STS-B dev. */
@Command(name = "icl-search", mixinStandardHelpOptions = true,
        description = {"Score each (sentence, word) demonstration of a pool on STS-B dev, as the paper builds its demonstration set.",
            "Writes ranking.tsv and best-demonstration.json (use it with eval/embed --demonstration-file)."})
final class IclSearchCommand implements Callable<Integer> {
    @Mixin
    EncoderOptions model;

    @Option(names = "--pool", defaultValue = DemonstrationPool.SHIPPED_POOL, paramLabel = "FILE",
            description = "TSV: sentence<TAB>word[<TAB>source] (default: the shipped pool ${DEFAULT-VALUE})")
    Path pool;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "SentEval downstream folder holding STS/STSBenchmark")
    Path data;

    @Option(names = "--output", defaultValue = "icl-search", paramLabel = "DIR", description = "Where ranking.tsv goes (default ${DEFAULT-VALUE})")
    Path output;

    @Option(names = "--limit", defaultValue = "0", description = "Score on N sampled STS-B dev pairs (0 = all 1500)")
    int limit;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the --limit sample (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--top", defaultValue = "10", description = "Rows to print (default ${DEFAULT-VALUE})")
    int top;

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OutputPaths.requireInputDirectory("--data", data, "SentEval's downstream folder holding STS/STSBenchmark");
        if (top < 0) {
            throw new IllegalArgumentException("--top must be 0 or more, got " + top);
        }
        OutputPaths.requireDirectoryTarget("--output", output);
        Representation rep = model.prepare(true);
        List<PoolEntry> entries = DemonstrationPool.load(ProjectPaths.resolve(pool));
        DevSelection dev = DevSelection.load(data, limit, seed);
        PrintWriter out = spec.commandLine().getOut();
        try (DecoderModel m = model.loadModel(); PromptTokenizer tok = PromptTokenizer.load(model.model)) {
            IclSearchResult result = IclSearch.forModel(m, tok, rep, model.batchSize).run(dev, entries);
            result.write(output);
            out.println(result.topTable(top));
            out.println("ranking: " + output.resolve(IclSearchResult.RANKING_FILE) + ", best: "
                    + output.resolve(IclSearchResult.BEST_FILE));
        }
        return 0;
    }
}
