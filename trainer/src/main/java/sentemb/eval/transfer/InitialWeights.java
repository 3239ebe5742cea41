package sentemb.eval.transfer;

import org.apache.commons.math3.random.MersenneTwister;

/**
 * Starting values of the logistic-regression layer. SentEval reseeds torch before building
 * every classifier, so every fit of a task starts from the same weights; we do the same with
 * a seeded generator. The values are not torch's (its generator is not reproduced), only its
 * distribution: {@code nn.Linear}'s default U(−1/√d, 1/√d) for weight and bias.
 */
@FunctionalInterface
public interface InitialWeights {

    /** Weight rows (one per class, {@code dim} columns) and bias. */
    record Values(float[][] weight, float[] bias) {}

    Values create(int dim, int numClasses);

    /** {@code nn.Linear}'s default distribution, drawn from MT19937 seeded with {@code seed}. */
    static InitialWeights torchLikeUniform(long seed) {
        return (dim, numClasses) -> {
            MersenneTwister rng = new MersenneTwister(seed);
            double bound = 1.0 / Math.sqrt(dim);
            float[][] w = new float[numClasses][dim];
            for (float[] row : w) {
                for (int j = 0; j < dim; j++) {
                    row[j] = (float) ((2 * rng.nextDouble() - 1) * bound);
                }
            }
            float[] b = new float[numClasses];
            for (int c = 0; c < numClasses; c++) {
                b[c] = (float) ((2 * rng.nextDouble() - 1) * bound);
            }
            return new Values(w, b);
        };
    }
}
