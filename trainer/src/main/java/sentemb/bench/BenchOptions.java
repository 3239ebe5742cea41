package sentemb.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import sentemb.recipe.RecipeLoader;

/**
 * What {@link Benchmark#run(BenchOptions)} measures and where it writes. Build with
 * {@link #builder()} (defaults: the default suite, a few minutes on 2 idle cores) or parse
 * {@code --key value} arguments with {@link #parse(String...)}; {@link #usage()} lists the keys.
 *
 * @param resultsCsv CSV of all rows
 * @param resultsJson the rows with the environment (threads, cores, matmul peak, load)
 * @param inputsJson the exact token sequences and shapes, for scripts/bench_pytorch.py
 * @param sections which measurements to run
 * @param embedShapes shapes whose embedding throughput is measured, each optionally restricted to
 *     one prompt case: {@code opt-350m:demo} (only with the demonstration) or {@code tiny:plain}
 * @param trainShapes shapes whose training step is measured (LoRA q,v; LoRA all six; full)
 * @param threads libtorch intra-op threads; 0 keeps the engine's (cores, or {@code -Dai.djl.pytorch.num_threads})
 * @param warmup untimed runs before each timed case
 * @param repeats timed runs per embedding case
 * @param trainRepeats timed rounds per training case at least (a round: one step of each Java
 *     variant and of the PyTorch peer, in rotating order)
 * @param trainMinSeconds more rounds until a training case has run this long (at most 200 rounds)
 * @param embedSentences sentences embedded per repeat (sorted by length, then batched)
 * @param embedBatch sentences per forward pass
 * @param trainBatch triplets per training step
 * @param loraRank LoRA r (alpha = {@code loraAlpha}, dropout 0.05)
 * @param memoryShape the shape of the GradCache memory sweep
 * @param memoryBatches global batch sizes (triplets) of the memory sweep
 * @param memoryMicro GradCache micro-batch size of the memory sweep
 * @param lifetimeSteps training steps of the NDArray-lifetime run (tiny shape, full fine-tuning)
 * @param lifetimeBatch triplets per lifetime step
 * @param lifetimeTrimEvery steps between two {@code malloc_trim(0)} calls in the lifetime run, as
 *     {@code memory.trim-every} does in training (0 = never; default: base.conf's value)
 * @param seed seed of inputs, weights and dropout
 * @param tokenizerDir tokenizer files for the tokenising phase (skipped when absent)
 * @param stsData SentEval's {@code downstream} folder for the STS-suite section; null skips that section
 * @param stsShape the shape the STS suite is embedded with
 * @param stsLimit the first N distinct sentences of the suite (0 = all)
 * @param pytorchPeer scripts/bench_pytorch.py: its training steps are timed in the same rounds as
 *     Java's ({@link PyTorchPeer}); null: Java only
 * @param pytorchPython the Python that runs it
 */
public record BenchOptions(
        Path resultsCsv,
        Path resultsJson,
        Path inputsJson,
        Set<Section> sections,
        List<String> embedShapes,
        List<String> trainShapes,
        int threads,
        int warmup,
        int repeats,
        int trainRepeats,
        int embedSentences,
        int embedBatch,
        int trainBatch,
        int loraRank,
        float loraAlpha,
        String memoryShape,
        List<Integer> memoryBatches,
        int memoryMicro,
        int lifetimeSteps,
        int lifetimeBatch,
        int lifetimeTrimEvery,
        long seed,
        Path tokenizerDir,
        Path stsData,
        String stsShape,
        int stsLimit,
        double trainMinSeconds,
        Path pytorchPeer,
        String pytorchPython) {

    /** The measurements, in the order they run. */
    public enum Section {
        KERNELS, EMBED, TRAIN, PHASES, MEMORY, LIFETIME, STS, PARALLEL, LEVERS;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public BenchOptions {
        sections = sections.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(sections));
        embedShapes = List.copyOf(embedShapes);
        trainShapes = List.copyOf(trainShapes);
        memoryBatches = List.copyOf(memoryBatches);
        embedShapes.forEach(EmbedTarget::parse);
        trainShapes.forEach(BenchShape::named);
        BenchShape.named(memoryShape);
        BenchShape.named(stsShape);
        if (stsLimit < 0) {
            throw new IllegalArgumentException("bench option --sts-limit must be >= 0 (0 = all), got " + stsLimit);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("bench option --warmup must be >= 0, got " + warmup);
        }
        positive("repeats", repeats);
        positive("train-repeats", trainRepeats);
        if (!(trainMinSeconds >= 0) || Double.isInfinite(trainMinSeconds)) {
            throw new IllegalArgumentException("bench option --train-min-seconds must be finite and >= 0, got "
                    + trainMinSeconds);
        }
        positive("embed-sentences", embedSentences);
        positive("embed-batch", embedBatch);
        positive("train-batch", trainBatch);
        positive("lora-rank", loraRank);
        positive("memory-micro", memoryMicro);
        positive("lifetime-steps", lifetimeSteps);
        positive("lifetime-batch", lifetimeBatch);
        if (lifetimeTrimEvery < 0) {
            throw new IllegalArgumentException("bench option --lifetime-trim-every must be >= 0 (0 = never), got "
                    + lifetimeTrimEvery);
        }
        if (pytorchPeer != null && !java.nio.file.Files.isRegularFile(pytorchPeer)) {
            throw new IllegalArgumentException("bench option --pytorch-peer: no such file " + pytorchPeer
                    + " (expected scripts/bench_pytorch.py)");
        }
        if (threads < 0) {
            throw new IllegalArgumentException("bench option --threads must be >= 0 (0 = engine default), got " + threads);
        }
        if (trainBatch < 2 || lifetimeBatch < 2) {
            throw new IllegalArgumentException("bench: a contrastive batch needs at least 2 triplets");
        }
        for (int b : memoryBatches) {
            if (b < 2) {
                throw new IllegalArgumentException("bench option --memory-batches: batch sizes must be >= 2, got " + b);
            }
        }
    }

    private static void positive(String key, long v) {
        if (v < 1) {
            throw new IllegalArgumentException("bench option --" + key + " must be >= 1, got " + v);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder seeded with the default suite. */
    public static final class Builder {
        private Path resultsCsv = Path.of("bench-out", "bench-java.csv");
        private Path resultsJson = Path.of("bench-out", "bench-java.json");
        private Path inputsJson = Path.of("bench-out", "bench-inputs.json");
        private Set<Section> sections = EnumSet.complementOf(EnumSet.of(Section.LEVERS)); // levers: opt-in
        private List<String> embedShapes = List.of("tiny", "opt-125m");
        private List<String> trainShapes = List.of("tiny", "opt-125m");
        private int threads = 0;
        private int warmup = 1;
        private int repeats = 3;
        private int trainRepeats = 5;
        private double trainMinSeconds = 20;
        private Path pytorchPeer = null;
        private String pytorchPython = "/usr/bin/python3";
        private int embedSentences = 64;
        private int embedBatch = 16;
        private int trainBatch = 8;
        private int loraRank = 64;
        private float loraAlpha = 16;
        private String memoryShape = "tiny";
        private List<Integer> memoryBatches = List.of(32, 64, 128, 256);
        private int memoryMicro = 16;
        private int lifetimeSteps = 1000;
        private int lifetimeBatch = 8;
        private int lifetimeTrimEvery = RecipeLoader.defaults().memory().trimEvery();
        private long seed = 42;
        private Path tokenizerDir = Path.of("data", "tokenizer");
        private Path stsData = null;
        private String stsShape = "opt-125m";
        private int stsLimit = 0;

        public Builder resultsCsv(Path p) { resultsCsv = p; return this; }
        public Builder resultsJson(Path p) { resultsJson = p; return this; }
        public Builder inputsJson(Path p) { inputsJson = p; return this; }
        public Builder sections(Set<Section> s) { sections = s; return this; }
        public Builder embedShapes(List<String> s) { embedShapes = s; return this; }
        public Builder trainShapes(List<String> s) { trainShapes = s; return this; }
        public Builder threads(int n) { threads = n; return this; }
        public Builder warmup(int n) { warmup = n; return this; }
        public Builder repeats(int n) { repeats = n; return this; }
        public Builder trainRepeats(int n) { trainRepeats = n; return this; }
        public Builder trainMinSeconds(double s) { trainMinSeconds = s; return this; }
        public Builder pytorchPeer(Path p) { pytorchPeer = p; return this; }
        public Builder pytorchPython(String p) { pytorchPython = p; return this; }
        public Builder embedSentences(int n) { embedSentences = n; return this; }
        public Builder embedBatch(int n) { embedBatch = n; return this; }
        public Builder trainBatch(int n) { trainBatch = n; return this; }
        public Builder loraRank(int n) { loraRank = n; return this; }
        public Builder loraAlpha(float a) { loraAlpha = a; return this; }
        public Builder memoryShape(String s) { memoryShape = s; return this; }
        public Builder memoryBatches(List<Integer> b) { memoryBatches = b; return this; }
        public Builder memoryMicro(int n) { memoryMicro = n; return this; }
        public Builder lifetimeSteps(int n) { lifetimeSteps = n; return this; }
        public Builder lifetimeBatch(int n) { lifetimeBatch = n; return this; }
        public Builder lifetimeTrimEvery(int n) { lifetimeTrimEvery = n; return this; }
        public Builder seed(long s) { seed = s; return this; }
        public Builder tokenizerDir(Path p) { tokenizerDir = p; return this; }
        public Builder stsData(Path p) { stsData = p; return this; }
        public Builder stsShape(String s) { stsShape = s; return this; }
        public Builder stsLimit(int n) { stsLimit = n; return this; }

        /** The full set: opt-350m embedding of both cases and training, a longer memory sweep (tens of minutes on 2 cores). */
        public Builder full() {
            embedShapes = List.of("tiny", "opt-125m", "opt-350m");
            trainShapes = List.of("tiny", "opt-125m", "opt-350m");
            memoryBatches = List.of(32, 64, 128, 256, 512);
            return this;
        }

        /** Writes {@code bench-java.csv}, {@code bench-java.json}, {@code bench-inputs.json} into {@code dir}. */
        public Builder outputDir(Path dir) {
            resultsCsv = dir.resolve("bench-java.csv");
            resultsJson = dir.resolve("bench-java.json");
            inputsJson = dir.resolve("bench-inputs.json");
            return this;
        }

        public BenchOptions build() {
            return new BenchOptions(resultsCsv, resultsJson, inputsJson, sections, embedShapes, trainShapes, threads,
                    warmup, repeats, trainRepeats, embedSentences, embedBatch, trainBatch, loraRank, loraAlpha,
                    memoryShape, memoryBatches, memoryMicro, lifetimeSteps, lifetimeBatch, lifetimeTrimEvery, seed,
                    tokenizerDir, stsData, stsShape, stsLimit, trainMinSeconds, pytorchPeer, pytorchPython);
        }
    }

    /** Parses {@code --key value} / {@code --key=value} arguments over the defaults; see {@link #usage()}. */
    public static BenchOptions parse(String... args) {
        Builder b = builder();
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String arg = rest.remove(0);
            if (arg.equals("--full")) {
                b.full();
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("bench: unexpected argument '" + arg + "'\n" + usage());
            }
            String key = arg.substring(2);
            String value;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            } else if (!rest.isEmpty()) {
                value = rest.remove(0);
            } else {
                throw new IllegalArgumentException("bench option --" + key + " needs a value");
            }
            apply(b, key, value);
        }
        return b.build();
    }

    private static void apply(Builder b, String key, String v) {
        switch (key) {
            case "out" -> b.outputDir(Path.of(v));
            case "csv" -> b.resultsCsv(Path.of(v));
            case "json" -> b.resultsJson(Path.of(v));
            case "inputs" -> b.inputsJson(Path.of(v));
            case "sections" -> b.sections(sections(v));
            case "embed-shapes" -> b.embedShapes(list(v));
            case "train-shapes" -> b.trainShapes(list(v));
            case "threads" -> b.threads(integer(key, v));
            case "warmup" -> b.warmup(integer(key, v));
            case "repeats" -> b.repeats(integer(key, v));
            case "train-repeats" -> b.trainRepeats(integer(key, v));
            case "train-min-seconds" -> b.trainMinSeconds(number(key, v));
            case "pytorch-peer" -> b.pytorchPeer(Path.of(v));
            case "pytorch-python" -> b.pytorchPython(v);
            case "embed-sentences" -> b.embedSentences(integer(key, v));
            case "embed-batch" -> b.embedBatch(integer(key, v));
            case "train-batch" -> b.trainBatch(integer(key, v));
            case "lora-rank" -> b.loraRank(integer(key, v));
            case "memory-shape" -> b.memoryShape(v);
            case "memory-batches" -> b.memoryBatches(list(v).stream().map(s -> integer(key, s)).toList());
            case "memory-micro" -> b.memoryMicro(integer(key, v));
            case "lifetime-steps" -> b.lifetimeSteps(integer(key, v));
            case "lifetime-batch" -> b.lifetimeBatch(integer(key, v));
            case "lifetime-trim-every" -> b.lifetimeTrimEvery(integer(key, v));
            case "seed" -> b.seed(Long.parseLong(v));
            case "tokenizer" -> b.tokenizerDir(Path.of(v));
            case "sts-data" -> b.stsData(Path.of(v));
            case "sts-shape" -> b.stsShape(v);
            case "sts-limit" -> b.stsLimit(integer(key, v));
            default -> throw new IllegalArgumentException("bench: unknown option --" + key + "\n" + usage());
        }
    }

    private static List<String> list(String v) {
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static int integer(String key, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bench option --" + key + " expects an integer, got '" + v + "'");
        }
    }

    private static double number(String key, String v) {
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bench option --" + key + " expects a number, got '" + v + "'");
        }
    }

    private static Set<Section> sections(String v) {
        Set<Section> out = EnumSet.noneOf(Section.class);
        for (String s : list(v)) {
            try {
                out.add(Section.valueOf(s.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bench option --sections: unknown section '" + s
                        + "'; expected kernels, embed, train, phases, memory, lifetime, sts, parallel, levers");
            }
        }
        return out;
    }

    public static String usage() {
        return """
                options (defaults in brackets):
                  --out DIR               write bench-java.csv, bench-java.json, bench-inputs.json into DIR [bench-out]
                  --csv F / --json F / --inputs F   individual output paths
                  --sections LIST         kernels,embed,train,phases,memory,lifetime,sts,parallel,levers
                                          [all but levers; sts only with --sts-data]
                                          (parallel: 2 cpu replicas x 1 thread, concurrent vs sequential, --train-shapes;
                                          levers: the training step with one lever off at a time, --train-shapes)
                  --embed-shapes LIST     shapes, SHAPE:demo / SHAPE:plain for one prompt case [tiny,opt-125m]
                  --train-shapes LIST     [tiny,opt-125m]
                  --full                  also opt-350m (embedding and training) and a memory sweep up to 512
                  --threads N             libtorch intra-op threads [engine default = cores]
                  --warmup N [1]  --repeats N [3]
                  --train-repeats N [5]   timed rounds per training case at least (one step of each variant a round)
                  --train-min-seconds S [20]  more rounds until a training case has run S seconds (200 at most)
                  --pytorch-peer FILE     scripts/bench_pytorch.py: time PyTorch's embedding runs and training steps in the same rounds
                  --pytorch-python EXE    the Python that runs it [/usr/bin/python3]
                  --embed-sentences N [64]  --embed-batch N [16]  --train-batch N [8]
                  --lora-rank N [64]
                  --memory-shape S [tiny]  --memory-batches LIST [32,64,128,256]  --memory-micro N [16]
                  --lifetime-steps N [1000]  --lifetime-batch N [8]
                  --lifetime-trim-every N  malloc_trim every N lifetime steps, 0 = never [recipe memory.trim-every]
                  --seed N [42]
                  --tokenizer DIR         tokenizer of the tokenising phase [data/tokenizer]
                  --sts-data DIR          SentEval's downstream folder: runs the sts section (whole STS suite)
                  --sts-shape S [opt-125m]  --sts-limit N  first N distinct sentences [0 = all]
                """;
    }
}
