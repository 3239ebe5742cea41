package sentemb.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import sentemb.model.opt.OptModel;
import sentemb.model.Pooling;
import sentemb.model.SequenceEmbedder;
import sentemb.model.lora.LoraConfig;
import sentemb.model.lora.LoraInjector;
import sentemb.train.AdamW;
import sentemb.train.ContrastiveStep;
import sentemb.train.InfoNceLoss;
import sentemb.train.MasterWeights;
import sentemb.train.Replica;
import sentemb.train.TokenizedBatch;

/**
 * One replica of a random model set up for contrastive training as the trainer does it:
 * {@link ContrastiveStep} (direct, or GradCache with {@code microSize > 0}) accumulates
 * gradients, then {@link MasterWeights#summedGradients} → {@link AdamW#step} →
 * zero → broadcast.
 */
final class TrainingRig implements AutoCloseable {
    static final double LEARNING_RATE = 5e-4;

    private final OptModel model;
    private final MasterWeights master;
    private final AdamW adamW;
    private final ContrastiveStep step;
    private final SequenceEmbedder embedder;
    private final InfoNceLoss loss = new InfoNceLoss();
    private final LoraConfig lora;
    private long stepIndex;

    /** {@code sharePrefix}: the trainer's default embedder ({@link EmbedVariant#DEFAULT}), else the padded one. */
    TrainingRig(BenchShape shape, TrainMode mode, int loraRank, float loraAlpha, boolean sharePrefix, int microSize,
            long seed) {
        this(shape, mode, loraRank, loraAlpha, sharePrefix ? EmbedVariant.DEFAULT : EmbedVariant.NO_SHARE, microSize,
                seed);
    }

    TrainingRig(BenchShape shape, TrainMode mode, int loraRank, float loraAlpha, EmbedVariant variant, int microSize,
            long seed) {
        model = RandomModels.fp32(shape, seed);
        lora = mode.loraConfig(loraRank, loraAlpha);
        Map<String, Parameter> trainable = lora != null ? LoraInjector.inject(model, lora, seed) : model.parameters().all();
        embedder = variant.embedder(model);
        List<Replica> replicas = List.of(new Replica(0, model, embedder, trainable));
        master = new MasterWeights(replicas, name -> !AdamW.noDecay(name));
        adamW = variant == EmbedVariant.HF ? AdamW.opByOp(master.params(), 0.0) : new AdamW(master.params(), 0.0);
        step = new ContrastiveStep(replicas, loss, microSize, seed, false);
    }

    OptModel model() {
        return model;
    }

    LoraConfig lora() {
        return lora;
    }

    /** Forward, InfoNCE, backward, AdamW: one optimizer step. Returns the loss. */
    float step(TokenizedBatch batch) {
        ContrastiveStep.Result r = step.run(stepIndex++, batch, 1f);
        List<NDArray> grads = master.summedGradients(1f);
        try {
            adamW.step(LEARNING_RATE, grads);
        } finally {
            grads.forEach(NDArray::close);
        }
        master.zeroReplicaGradients();
        master.broadcast();
        return r.loss();
    }

    /** Seconds of each phase of one step, as {@link #phasedStep} measures them. */
    record Phases(double forward, double loss, double backward, double optimizer) {
        double total() {
            return forward + loss + backward + optimizer;
        }
    }

    /**
     * The same step as {@link #step} on the direct path (what {@link ContrastiveStep} does for one
     * replica without micro-batches, written out so each phase can be timed): forward of every
     * prompt, InfoNCE, backward, then gradients → AdamW → zero → broadcast. The engine runs
     * synchronously on the CPU, so each phase's wall time is its own.
     */
    Phases phasedStep(TokenizedBatch batch) {
        int n = batch.size();
        long t0 = System.nanoTime();
        long t1;
        long t2;
        long t3;
        try (NDManager m = model.manager().newSubManager();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray z = embedder.embed(m, TrainingBench.sequences(batch), true);
            t1 = System.nanoTime();
            NDArray l = loss.loss(z.get("0:" + n), z.get(n + ":" + (2 * n)), z.get((2 * n) + ":"));
            l.getFloat();
            t2 = System.nanoTime();
            gc.backward(l);
            t3 = System.nanoTime();
        }
        List<NDArray> grads = master.summedGradients(1f);
        try {
            adamW.step(LEARNING_RATE, grads);
        } finally {
            grads.forEach(NDArray::close);
        }
        master.zeroReplicaGradients();
        master.broadcast();
        long t4 = System.nanoTime();
        return new Phases((t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t4 - t3) / 1e9);
    }

    @Override
    public void close() {
        step.close();
        adamW.close();
        master.close();
        model.close();
    }
}
