package sentemb.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sentemb.checkpoint.Exporter;

/** {@code sentemb export}: a checkpoint as a Hugging Face model directory (LoRA merged), optionally with the PEFT adapter. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a checkpoint as a Hugging Face OPT directory (LoRA merged) that eval/embed and transformers load.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true, paramLabel = "DIR",
            description = "checkpoints/<run>/step-N or best (or a run folder: its latest good checkpoint)")
    Path checkpoint;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Output directory (replaced atomically)")
    Path output;

    @Option(names = "--peft", description = "Also write the LoRA adapter in PEFT layout under <output>/adapter")
    boolean peft;

    @Override
    public Integer call() throws Exception {
        Exporter.export(TrainCommand.latestCheckpoint(checkpoint), output, peft);
        System.out.println("exported to " + output);
        return 0;
    }
}
