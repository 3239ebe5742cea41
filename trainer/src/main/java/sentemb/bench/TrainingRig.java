package sentemb.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
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
    private final LoraConfig lora;
    private long stepIndex;

    TrainingRig(BenchShape shape, TrainMode mode, int loraRank, float loraAlpha, boolean sharePrefix, int microSize,
            long seed) {
        model = RandomModels.fp32(shape, seed);
        lora = mode.loraConfig(loraRank, loraAlpha);
        Map<String, Parameter> trainable = lora != null ? LoraInjector.inject(model, lora, seed) : model.parameters().all();
        SequenceEmbedder embedder = new SequenceEmbedder(model, shape.config().padTokenId(), Pooling.LAST, sharePrefix);
        List<Replica> replicas = List.of(new Replica(0, model, embedder, trainable));
        master = new MasterWeights(replicas, name -> !AdamW.noDecay(name));
        adamW = new AdamW(master.params(), 0.0);
        step = new ContrastiveStep(replicas, new InfoNceLoss(), microSize, seed, false);
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

    @Override
    public void close() {
        step.close();
        adamW.close();
        master.close();
        model.close();
    }
}
