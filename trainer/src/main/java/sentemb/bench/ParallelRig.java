package sentemb.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
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

/** {@link TrainingRig} with several identical CPU replicas (LoRA on all six linears). */
final class ParallelRig implements AutoCloseable {
    private final List<Replica> replicas = new ArrayList<>();
    private final MasterWeights master;
    private final AdamW adamW;
    private final ContrastiveStep step;
    private long stepIndex;

    ParallelRig(BenchShape shape, int count, boolean concurrent, boolean dropout, int loraRank, float loraAlpha, long seed) {
        BenchShape s = dropout ? shape : new BenchShape(shape.name(), shape.config().withDropout(0f, 0f), shape.demonstration());
        LoraConfig base = TrainMode.LORA_ALL.loraConfig(loraRank, loraAlpha);
        LoraConfig lora = dropout ? base : new LoraConfig(base.r(), base.alpha(), 0f, base.targets());
        for (int i = 0; i < count; i++) {
            OptModel model = RandomModels.fp32(s, seed);
            Map<String, Parameter> trainable = LoraInjector.inject(model, lora, seed);
            SequenceEmbedder embedder = SequenceEmbedder.packed(model, Pooling.LAST, true);
            replicas.add(new Replica(i, model, embedder, trainable));
        }
        master = new MasterWeights(replicas, name -> !AdamW.noDecay(name));
        adamW = new AdamW(master.params(), 0.0);
        step = new ContrastiveStep(replicas, new InfoNceLoss(), 0, seed, concurrent);
    }

    /** One optimizer step over all replicas. */
    void step(TokenizedBatch batch) {
        step.run(stepIndex++, batch, 1f);
        List<NDArray> grads = master.summedGradients(1f);
        try {
            adamW.step(TrainingRig.LEARNING_RATE, grads);
        } finally {
            grads.forEach(NDArray::close);
        }
        master.zeroReplicaGradients();
        master.broadcast();
    }

    @Override
    public void close() {
        step.close();
        adamW.close();
        master.close();
        replicas.forEach(Replica::close);
    }
}
