package sentemb.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import sentemb.io.AtomicFiles;
import sentemb.train.InfoNceLoss;
import sentemb.train.TokenizedBatch;

/**
 * Every input the benchmark runs on, generated once from the seed: embedding batches per
 * shape (plain and with the shape's demonstration) and the training batch. Written to JSON
 * with the shapes and settings so scripts/bench_pytorch.py computes exactly the same things.
 */
record BenchInputs(Map<String, List<List<List<int[]>>>> embedding, TokenizedBatch training,
        List<TokenizedBatch> memoryBatches, List<TokenizedBatch> lifetimeBatches, List<StsSuiteBench.Task> sts) {
    static final String FORMAT = "sentemb-bench-inputs/1";
    /** Distinct batch shapes the lifetime run cycles through. */
    static final int LIFETIME_BATCHES = 10;

    static BenchInputs generate(BenchOptions o) {
        Map<String, List<List<List<int[]>>>> embedding = new LinkedHashMap<>();
        for (String spec : o.embedShapes()) {
            BenchShape shape = EmbedTarget.parse(spec).shape();
            // the same sentences for every shape; only the demonstration differs
            SyntheticPrompts p = new SyntheticPrompts(o.seed());
            embedding.put(shape.name(), p.embeddingBatches(o.embedSentences(), o.embedBatch(), shape.demonstration()));
        }
        TokenizedBatch training = new SyntheticPrompts(o.seed() + 1).trainingBatch(o.trainBatch());
        SyntheticPrompts mem = new SyntheticPrompts(o.seed() + 2);
        List<TokenizedBatch> memory = new ArrayList<>();
        for (int b : o.memoryBatches()) {
            memory.add(mem.trainingBatch(b));
        }
        SyntheticPrompts life = new SyntheticPrompts(o.seed() + 3);
        List<TokenizedBatch> lifetime = new ArrayList<>();
        for (int i = 0; i < LIFETIME_BATCHES; i++) {
            lifetime.add(life.trainingBatch(o.lifetimeBatch()));
        }
        List<StsSuiteBench.Task> sts = o.sections().contains(BenchOptions.Section.STS) && o.stsData() != null
                ? StsSuiteBench.load(o.stsData(), o.tokenizerDir(), o.stsLimit()) : List.of();
        return new BenchInputs(embedding, training, memory, lifetime, sts);
    }

    /** The inputs the PyTorch script needs (embedding and training), with shapes and settings. */
    void write(Path file, BenchOptions o, int threads) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", FORMAT);
        root.put("seed", o.seed());
        root.put("threads", threads);
        root.put("warmup", o.warmup());
        root.put("repeats", o.repeats());
        root.put("train_repeats", o.trainRepeats());
        root.put("matmul", Map.of("m", KernelBench.PEAK_M, "k", KernelBench.PEAK_K, "n", KernelBench.PEAK_N));
        root.put("learning_rate", TrainingRig.LEARNING_RATE);
        root.put("temperature", InfoNceLoss.DEFAULT_TEMPERATURE);
        Map<String, Object> lora = new LinkedHashMap<>();
        lora.put("r", o.loraRank());
        lora.put("alpha", o.loraAlpha());
        lora.put("dropout", TrainMode.LORA_QV.loraConfig(o.loraRank(), o.loraAlpha()).dropout());
        Map<String, Object> modes = new LinkedHashMap<>();
        for (TrainMode m : TrainMode.values()) {
            modes.put(m.key, m.targets);
        }
        lora.put("modes", modes);
        root.put("lora", lora);
        Set<String> shapeNames = new LinkedHashSet<>();
        o.embedShapes().forEach(spec -> shapeNames.add(EmbedTarget.parse(spec).shape().name()));
        if (o.sections().contains(BenchOptions.Section.TRAIN)) {
            shapeNames.addAll(o.trainShapes());
        }
        if (!sts.isEmpty()) {
            shapeNames.add(o.stsShape());
        }
        Map<String, Object> shapes = new LinkedHashMap<>();
        for (String s : shapeNames) {
            shapes.put(s, BenchShape.named(s).config().toHfJson());
        }
        root.put("shapes", shapes);
        List<Object> emb = new ArrayList<>();
        if (o.sections().contains(BenchOptions.Section.EMBED)) {
            for (String spec : o.embedShapes()) {
                EmbedTarget t = EmbedTarget.parse(spec);
                for (String c : t.cases()) {
                    Map<String, Object> item = new LinkedHashMap<>();
                    item.put("shape", t.shape().name());
                    item.put("case", c);
                    item.put("batches", embedding.get(t.shape().name()).get(EmbedTarget.ALL_CASES.indexOf(c)));
                    emb.add(item);
                }
            }
        }
        root.put("embedding", emb);
        Map<String, Object> train = new LinkedHashMap<>();
        train.put("shapes", o.sections().contains(BenchOptions.Section.TRAIN) ? o.trainShapes() : List.of());
        train.put("anchors", training.anchors());
        train.put("positives", training.positives());
        train.put("negatives", training.negatives());
        root.put("training", train);
        if (!sts.isEmpty()) {
            Map<String, Object> suite = new LinkedHashMap<>();
            suite.put("shape", o.stsShape());
            suite.put("batch", StsSuiteBench.SENTEVAL_BATCH);
            suite.put("tasks", sts.stream().map(t -> Map.of("task", t.name(), "sequences", t.ids())).toList());
            root.put("sts", suite);
        }
        AtomicFiles.writeString(file, new ObjectMapper().writeValueAsString(root) + "\n");
    }
}
