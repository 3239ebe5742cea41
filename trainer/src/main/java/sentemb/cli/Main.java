package sentemb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code sentemb} command line: one subcommand per verb. */
@Command(name = "sentemb", mixinStandardHelpOptions = true, version = "sentemb 0.1.0",
        description = "PromptEOL sentence embeddings from OPT models: train (contrastive, LoRA), eval (STS, transfer), embed, export.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DemoCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            EmbedCommand.class,
            ExportCommand.class,
            InitCommand.class,
            IclSearchCommand.class,
            RegressionCommand.class,
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (tests call this directly). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
