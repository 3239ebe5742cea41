package sentemb.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sentemb.checkpoint.Exporter;
import sentemb.checkpoint.HfExport;

/** {@code sentemb export}: a checkpoint as a Hugging Face model directory (LoRA merged), optionally with the PEFT adapter. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a checkpoint as a Hugging Face OPT directory (LoRA merged) that eval/embed and transformers load:",
            "config.json, safetensors weights (sharded above --max-shard-size), tokenizer.json + vocab/merges, sentemb.json, a model card."})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
            description = "checkpoints/<run>/step-N or best (or a run folder: its latest good checkpoint)")
    Path checkpoint;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output directory, created or replaced as a whole (an existing one must be empty or a model folder)")
    Path output;

    @Option(names = "--peft", description = "Also write the LoRA adapter in PEFT layout under <output>/adapter")
    boolean peft;

    @Option(names = "--max-shard-size", paramLabel = "SIZE", defaultValue = "5GB",
            description = "Split model.safetensors into shards of at most SIZE with model.safetensors.index.json, as"
                    + " transformers' save_pretrained does (e.g. 5GB, 500MB, 2GiB, bytes; default ${DEFAULT-VALUE})")
    String maxShardSize;

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long shardBytes;
        try {
            shardBytes = HfExport.parseSize(maxShardSize);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--max-shard-size " + e.getMessage());
        }
        Path from = TrainCommand.latestCheckpoint("--checkpoint", checkpoint);
        OutputPaths.requireReplaceableModelDirectory("--output", output);
        Exporter.export(from, output, peft, shardBytes);
        spec.commandLine().getOut().println("exported " + from + " to " + output);
        return 0;
    }
}
