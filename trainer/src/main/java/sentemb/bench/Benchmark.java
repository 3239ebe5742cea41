package sentemb.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sentemb.logging.ConsoleLogging;

/**
 * Speed and memory of the DJL OPT implementation on OPT shapes with random weights: matmul
 * peak and main kernels, embedding throughput (padded and packed, with and without a
 * demonstration), training throughput (LoRA q,v / all six / full), peak RSS and heap per case,
 * peak RSS against global batch with and without GradCache, and array/RSS/heap trends over
 * many steps, and 2 CPU replicas concurrent against sequential. Writes CSV, JSON and the exact inputs (for scripts/bench_pytorch.py) and returns
 * the rows. Threads: libtorch's intra-op pool, {@code -Dai.djl.pytorch.num_threads} or
 * {@link BenchOptions#threads()}.
 */
public final class Benchmark {
    private static final Logger LOG = LoggerFactory.getLogger(Benchmark.class);

    private Benchmark() {}

    public static BenchReport run(BenchOptions o) {
        Engine engine = Engine.getEngine("PyTorch");
        if (o.threads() > 0) {
            JniUtils.setNumThreads(o.threads());
        }
        Map<String, Object> env = environment(engine);
        BenchInputs inputs = BenchInputs.generate(o);
        List<BenchRow> rows = new ArrayList<>();
        try {
            inputs.write(o.inputsJson(), o, JniUtils.getNumThreads());
            try (NDManager root = NDManager.newBaseManager(ai.djl.Device.cpu())) {
                LOG.info("bench: matmul peak");
                BenchRow peakRow = KernelBench.peak(root);
                double peak = peakRow.number("gflops");
                env.put("matmul_peak_gflops", peak);
                if (o.sections().contains(BenchOptions.Section.KERNELS)) {
                    rows.add(peakRow);
                    // the shapes of an opt-125m training step on this run's batch
                    var t = inputs.training();
                    int len = java.util.stream.Stream.of(t.anchors(), t.positives(), t.negatives())
                            .flatMap(List::stream).mapToInt(s -> s.length).max().orElseThrow();
                    int rowsPerStep = 3 * t.size();
                    rows.addAll(KernelBench.mainKernels(root, rowsPerStep * len, rowsPerStep, len, peak));
                }
                boolean paired = o.sections().contains(BenchOptions.Section.EMBED)
                        || o.sections().contains(BenchOptions.Section.TRAIN);
                try (PyTorchPeer peer = o.pytorchPeer() == null || !paired ? null
                        : PyTorchPeer.start(o.pytorchPython(), o.pytorchPeer(), o.inputsJson())) {
                    String withPeer = peer == null ? "" : ", PyTorch in the same rounds";
                    if (o.sections().contains(BenchOptions.Section.EMBED)) {
                        for (String spec : o.embedShapes()) {
                            EmbedTarget t = EmbedTarget.parse(spec);
                            LOG.info("bench: embedding {}{}", spec, withPeer);
                            rows.addAll(EmbeddingBench.run(t, inputs.embedding().get(t.shape().name()), o, peak, peer));
                        }
                    }
                    if (o.sections().contains(BenchOptions.Section.TRAIN)) {
                        for (String name : o.trainShapes()) {
                            LOG.info("bench: training {}{}", name, withPeer);
                            rows.addAll(TrainingBench.run(BenchShape.named(name), inputs.training(), o, peak, peer));
                        }
                    }
                }
                if (o.sections().contains(BenchOptions.Section.PHASES)) {
                    rows.add(PhaseBench.tokenising(inputs.training(), o.tokenizerDir(), o));
                    for (String name : o.trainShapes()) {
                        LOG.info("bench: step phases {}", name);
                        rows.addAll(PhaseBench.phases(BenchShape.named(name), inputs.training(), o));
                    }
                }
                if (o.sections().contains(BenchOptions.Section.MEMORY)) {
                    LOG.info("bench: memory against global batch ({})", o.memoryShape());
                    rows.addAll(GradCacheMemoryBench.run(BenchShape.named(o.memoryShape()), inputs.memoryBatches(), o));
                }
                if (o.sections().contains(BenchOptions.Section.PARALLEL)) {
                    for (String name : o.trainShapes()) {
                        LOG.info("bench: data parallel {} (2 cpu replicas, concurrent vs sequential)", name);
                        rows.addAll(ParallelBench.run(BenchShape.named(name), inputs.training(), o));
                    }
                }
                if (o.sections().contains(BenchOptions.Section.LEVERS)) {
                    for (String name : o.trainShapes()) {
                        LOG.info("bench: levers {} (one off at a time, same rounds)", name);
                        rows.addAll(LeverBench.run(BenchShape.named(name), inputs.training(), o));
                    }
                }
                if (o.sections().contains(BenchOptions.Section.LIFETIME)) {
                    LOG.info("bench: {} training steps for array lifetimes", o.lifetimeSteps());
                    rows.addAll(LifetimeBench.run(inputs.lifetimeBatches(), o));
                }
                if (!inputs.sts().isEmpty()) {
                    LOG.info("bench: the STS suite ({})", o.stsShape());
                    rows.addAll(StsSuiteBench.run(BenchShape.named(o.stsShape()), inputs.sts(), o, peak));
                }
                // the load of a shared machine drifts: a second peak measurement shows by how much
                env.put("matmul_peak_gflops_end", KernelBench.peak(root).number("gflops"));
            }
            env.put("finished", Instant.now().toString());
            env.put("load_average_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            ResultsFiles.write(o.resultsCsv(), o.resultsJson(), env, rows);
        } catch (IOException e) {
            throw new UncheckedIOException("bench: cannot write results: " + e.getMessage(), e);
        }
        return new BenchReport(env, rows);
    }

    private static Map<String, Object> environment(Engine engine) {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("started", Instant.now().toString());
        env.put("engine", engine.getEngineName() + " " + engine.getVersion());
        env.put("djl", Engine.getDjlVersion());
        env.put("java", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("intra_op_threads", JniUtils.getNumThreads());
        env.put("interop_threads", JniUtils.getNumInteropThreads());
        env.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));
        env.put("load_average_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        env.put("dtype", "float32");
        env.put("omp_wait_policy", String.valueOf(System.getenv("OMP_WAIT_POLICY")));
        env.put("malloc_trim_between_cases", ProcessMemory.releaseFreedMemory());
        return env;
    }

    /**
     * {@code java ... sentemb.bench.Benchmark [options]}; see {@link BenchOptions#usage()}. Logs
     * at info on stderr, DJL at warnings, as {@code sentemb bench} does by default (which also
     * takes {@code --log-level}); {@link #run} alone leaves logging to its caller.
     */
    public static void main(String[] args) {
        configureLogging();
        BenchOptions o;
        try {
            o = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        BenchReport r = run(o);
        System.out.println(r.markdown());
        System.out.println("results: " + o.resultsCsv() + ", " + o.resultsJson() + "; inputs: " + o.inputsJson());
    }

    /** The entry point's logging: the CLI's default set-up (logback's own default would print every DEBUG line). */
    static void configureLogging() {
        ConsoleLogging.configure("info");
    }
}
