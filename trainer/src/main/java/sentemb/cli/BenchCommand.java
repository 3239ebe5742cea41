package sentemb.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import sentemb.bench.BenchOptions;
import sentemb.bench.BenchReport;
import sentemb.bench.Benchmark;

/** {@code sentemb bench}: speed and memory on OPT shapes; scripts/bench.sh adds the PyTorch side. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Embedding and training throughput, GradCache memory, NDArray lifetimes and kernel GFLOP/s on OPT shapes",
            "(random weights). Writes CSV/JSON and the exact inputs for scripts/bench_pytorch.py; scripts/bench.sh runs both.",
            "Options are --key value pairs (see below)."})
final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "--KEY VALUE", description = "Benchmark options; `sentemb bench -- --help-options` lists them")
    List<String> args = new ArrayList<>();

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (args.contains("--help-options")) {
            out.println(BenchOptions.usage());
            return 0;
        }
        BenchOptions o = BenchOptions.parse(args.toArray(new String[0]));
        BenchReport r = Benchmark.run(o);
        out.println(r.markdown());
        out.println("results: " + o.resultsCsv() + ", " + o.resultsJson() + "; inputs: " + o.inputsJson());
        return 0;
    }
}
