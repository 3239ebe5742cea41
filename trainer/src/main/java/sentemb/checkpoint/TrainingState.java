package sentemb.checkpoint;

import java.util.List;
import sentemb.data.nli.SamplerState;

/**
 * Everything besides tensors that a resumed run needs to continue exactly: optimizer steps
 * done, the data cursor, the loss-scaler state, dev scores so far and the best one.
 * Dropout and LoRA seeds derive from the recipe and the step, so no RNG state is kept.
 *
 * @param step global steps completed (the next step to run)
 * @param evalHistory dev evaluations so far
 * @param bestStep step of the best dev score, or -1
 */
public record TrainingState(
        int format,
        long step,
        long totalSteps,
        SamplerState sampler,
        double[] lossScaler,
        List<EvalPoint> evalHistory,
        long bestStep,
        double bestScore,
        List<String> trainable,
        String savedAt) {

    public static final String FILE = "state.json";

    /** One dev evaluation: mean Spearman over the dev tasks. */
    public record EvalPoint(long step, double score) {}
}
