package sentemb.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import sentemb.model.DecoderModel;
import sentemb.model.opt.OptModel;
import sentemb.model.lora.LoraConfig;
import sentemb.model.lora.LoraInjector;
import sentemb.train.AdamW;
import sentemb.train.ContrastiveStep;
import sentemb.train.InfoNceLoss;
import sentemb.train.MasterWeights;
import sentemb.train.Replica;
import sentemb.train.Replicas;
import sentemb.train.TokenizedBatch;

/**
 * A random model set up for contrastive training as the trainer does it, with the {@link Levers}
 * it is given: the recipes' default {@code cpu-workers} sharing its weights (or one replica),
 * {@link ContrastiveStep} (direct, kept graph, or GradCache with
 * {@code microSize > 0}) accumulates gradients, then {@link MasterWeights#summedGradients} →
 * {@link AdamW#step} → zero → broadcast.
 */
final class TrainingRig implements AutoCloseable {
    static final double LEARNING_RATE = 5e-4;

    private final OptModel model;
    private final List<Replica> replicas = new ArrayList<>();
    private final MasterWeights master;
    private final AdamW adamW;
    private final ContrastiveStep step;
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
        this(shape, mode, loraRank, loraAlpha, variant.levers(), microSize, seed);
    }

    TrainingRig(BenchShape shape, TrainMode mode, int loraRank, float loraAlpha, Levers levers, int microSize,
            long seed) {
        model = RandomModels.fp32(shape, seed);
        lora = mode.loraConfig(loraRank, loraAlpha);
        replicas.add(new Replica(0, model, levers.embedder(model), trainable(model, seed)));
        for (int w = 1; w < levers.cpuWorkers(); w++) {
            replicas.add(Replicas.worker(w, replicas.get(0), m -> trainable(m, seed),
                    m -> levers.embedder((OptModel) m)));
        }
        master = new MasterWeights(replicas, name -> !AdamW.noDecay(name));
        adamW = levers.adamwLoop() ? new AdamW(master.params(), 0.0) : AdamW.opByOp(master.params(), 0.0);
        step = new ContrastiveStep(replicas, new InfoNceLoss(), microSize, seed, true);
    }

    private Map<String, Parameter> trainable(DecoderModel m, long seed) {
        return lora != null ? LoraInjector.inject(m, lora, seed) : m.parameters().all();
    }

    OptModel model() {
        return model;
    }

    LoraConfig lora() {
        return lora;
    }

    /** Replicas the step runs on (the CPU's workers). */
    int workers() {
        return replicas.size();
    }

    /** Forward, InfoNCE, backward, AdamW: one optimizer step. Returns the loss. */
    float step(TokenizedBatch batch) {
        return phasedStep(batch).loss();
    }

    /** Seconds of each phase of one step, as {@link #phasedStep} measures them, and its loss. */
    record Phases(double forward, double lossSeconds, double backward, double optimizer, float loss) {
        double total() {
            return forward + lossSeconds + backward + optimizer;
        }
    }

    /**
     * One step, timed by phase: the forwards, the loss and its gradients, the backwards (as
     * {@link ContrastiveStep.Result} reports them), then gradients → AdamW → zero → broadcast.
     * The engine runs synchronously on the CPU, so each phase's wall time is its own.
     */
    Phases phasedStep(TokenizedBatch batch) {
        ContrastiveStep.Result r = step.run(stepIndex++, batch, 1f);
        long t0 = System.nanoTime();
        List<NDArray> grads = master.summedGradients(1f);
        try {
            adamW.step(LEARNING_RATE, grads);
        } finally {
            grads.forEach(NDArray::close);
        }
        master.zeroReplicaGradients();
        master.broadcast();
        return new Phases(r.forwardSeconds(), r.lossSeconds(), r.backwardSeconds(), (System.nanoTime() - t0) / 1e9,
                r.loss());
    }

    @Override
    public void close() {
        step.close();
        adamW.close();
        master.close();
        for (int i = replicas.size() - 1; i >= 0; i--) {
            replicas.get(i).close(); // the workers' aliases before the storage they share
        }
    }
}
