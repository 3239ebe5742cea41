package sentemb.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sentemb.checkpoint.Exporter;

/** {@code sentemb export}: a checkpoint as a Hugging Face model directory (LoRA merged), optionally with the PEFT adapter. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a checkpoint as a Hugging Face OPT directory (LoRA merged) that eval/embed and transformers load.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
            description = "checkpoints/<run>/step-N or best (or a run folder: its latest good checkpoint)")
    Path checkpoint;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output directory, created or replaced as a whole (an existing one must be empty or a model folder)")
    Path output;

    @Option(names = "--peft", description = "Also write the LoRA adapter in PEFT layout under <output>/adapter")
    boolean peft;

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path from = TrainCommand.latestCheckpoint("--checkpoint", checkpoint);
        OutputPaths.requireReplaceableModelDirectory("--output", output);
        Exporter.export(from, output, peft);
        spec.commandLine().getOut().println("exported " + from + " to " + output);
        return 0;
    }
}
