package sentemb.eval.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One SentEval classifier with {@code nhid = 0}: a linear layer trained with softmax
 * cross-entropy (mean over the batch) and Adam whose {@code weight_decay} is the L2 penalty,
 * stopped early on a dev set; this class reproduces SentEval's loop: a fresh
 * {@code RandomState(seed)} per classifier, one permutation per epoch, a dev evaluation every
 * {@code epochSize} epochs, the best model kept, and a stop at the {@code (tenacity + 1)}-th
 * evaluation without improvement (the counter is never reset), or once more than
 * {@code maxEpoch} epochs ran.
 *
 * <p>Why plain arrays: the fits are tiny (64-4096 features, 2-6 classes) and an engine pays a
 * fixed cost per op; the DJL version of this loop spent 99% of MR's 576 s in that overhead.
 * The numerics follow what the DJL version ran on libtorch, op by op and in float32:
 * {@code logits = x·Wᵀ + b}; {@code log_softmax} as {@code (z − max) − log Σ exp(z − max)};
 * the gradient of the mean NLL through log_softmax's backward, {@code go − exp(out)·Σgo} with
 * {@code go = −1/B} at the label; {@code ∇W = gᵀ·x}, {@code ∇b = Σ g}; and DJL's Adam
 * ({@code adamUpdate} in DJL's JNI): {@code g += wd·w} (fused), {@code m = m·β1 + (1−β1)·g}
 * (fused), {@code v = v·β2 + ((1−β2)·g)·g}, {@code w −= (m·lr_t) / (√v + ε)} with
 * {@code lr_t = lr·√(1−β2ᵗ)/(1−β1ᵗ)}. Sums run in a fixed order, so a fit is deterministic
 * on any machine and thread; they may differ from MKL's blocked sums in the last bit, which
 * the tests show does not change a trace, a stopping epoch or a prediction
 * (SoftmaxRegressionEquivalenceTest against the DJL version, SoftmaxRegressionTest and
 * ProtocolsTest against PyTorch).
 *
 * <p>Known difference from torch (kept from the DJL version): Adam folds the bias corrections
 * into the step size, whereas torch divides by {@code √v/√(1−β2ᵗ) + ε}; with ε = 1e-8 this
 * changes nothing visible (the tests compare whole training runs with PyTorch).
 */
final class SoftmaxRegression {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final float ONE_MINUS_BETA1 = 1 - BETA1;
    private static final float ONE_MINUS_BETA2 = 1 - BETA2;

    private final ClassifierConfig config;
    private final int dim;
    private final int numClasses;
    private final float weightDecay;
    private final NumpyRandomState rng;
    /** Row-major (numClasses, dim), like {@code nn.Linear.weight}. */
    private final float[] weight;
    private final float[] bias;
    private final float[] weightGrad;
    private final float[] biasGrad;
    private final float[] weightMean;
    private final float[] weightVariance;
    private final float[] biasMean;
    private final float[] biasVariance;
    private final float[] logits;
    private int updates;
    private float[] bestWeight;
    private float[] bestBias;

    SoftmaxRegression(ClassifierConfig config, int dim, int numClasses, double l2, long seed, InitialWeights init) {
        this.config = config;
        this.dim = dim;
        this.numClasses = numClasses;
        this.weightDecay = (float) l2;
        this.rng = new NumpyRandomState(seed);
        InitialWeights.Values start = init.create(dim, numClasses);
        this.weight = flatten(start.weight(), numClasses, dim);
        if (start.bias().length != numClasses) {
            throw new IllegalArgumentException("initial bias has " + start.bias().length + " values, expected "
                    + numClasses);
        }
        this.bias = start.bias().clone();
        this.weightGrad = new float[weight.length];
        this.biasGrad = new float[numClasses];
        this.weightMean = new float[weight.length];
        this.weightVariance = new float[weight.length];
        this.biasMean = new float[numClasses];
        this.biasVariance = new float[numClasses];
        this.logits = new float[numClasses];
    }

    /** Result of one fit: the best dev accuracy (a fraction), its trace and the epochs run. */
    record FitReport(double bestDevAccuracy, List<Double> devTrace, int epochs) {}

    /** {@code clf.fit(X, y, validation_data=(devX, devY))}. */
    FitReport fit(FeatureMatrix trainX, int[] trainY, FeatureMatrix devX, int[] devY) {
        requireShape(trainX, trainY, "training");
        requireShape(devX, devY, "dev");
        return train(trainX, trainY, devX, devY);
    }

    /**
     * {@code clf.fit(X, y, validation_split=config.validationSplit)}: the first
     * {@code int(split·n)} rows of a permutation are the dev set.
     */
    FitReport fitWithValidationSplit(FeatureMatrix x, int[] y) {
        requireShape(x, y, "training");
        int n = y.length;
        int[] perm = rng.permutation(n);
        int cut = (int) (config.validationSplit() * n);
        int[] dev = Arrays.copyOfRange(perm, 0, cut);
        int[] train = Arrays.copyOfRange(perm, cut, n);
        return train(x.rows(train), select(y, train), x.rows(dev), select(y, dev));
    }

    /** Class with the largest logit for each row (first on ties) under the best model. */
    int[] predict(FeatureMatrix x) {
        requireFitted();
        return predictWith(x, bestWeight, bestBias);
    }

    /** Accuracy as a fraction, {@code correct / n} like SentEval's {@code score}. */
    double score(FeatureMatrix x, int[] y) {
        return accuracy(predict(x), y);
    }

    static double accuracy(int[] predicted, int[] y) {
        if (predicted.length != y.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + y.length + " labels");
        }
        int correct = 0;
        for (int i = 0; i < y.length; i++) {
            correct += predicted[i] == y[i] ? 1 : 0;
        }
        return 1.0 * correct / y.length;
    }

    /** The selected model's weight rows, for inspection and tests. */
    float[][] bestWeight() {
        requireFitted();
        float[][] w = new float[numClasses][dim];
        for (int c = 0; c < numClasses; c++) {
            System.arraycopy(bestWeight, c * dim, w[c], 0, dim);
        }
        return w;
    }

    float[] bestBias() {
        requireFitted();
        return bestBias.clone();
    }

    private FitReport train(FeatureMatrix trainX, int[] trainY, FeatureMatrix devX, int[] devY) {
        int epochs = 0;
        double best = -1;
        int nonImprovements = 0;
        boolean stop = false;
        List<Double> trace = new ArrayList<>();
        while (!stop && epochs <= config.maxEpoch()) {
            for (int e = 0; e < config.epochSize(); e++) {
                trainOneEpoch(trainX, trainY);
            }
            epochs += config.epochSize();
            double acc = accuracy(predictWith(devX, weight, bias), devY);
            trace.add(acc);
            if (acc > best) {
                best = acc;
                bestWeight = weight.clone();
                bestBias = bias.clone();
            } else {
                if (nonImprovements >= config.tenacity()) {
                    stop = true;
                }
                nonImprovements++;
            }
        }
        return new FitReport(best, List.copyOf(trace), epochs);
    }

    private void trainOneEpoch(FeatureMatrix x, int[] y) {
        int n = y.length;
        int[] perm = rng.permutation(n);
        int bs = config.batchSize();
        for (int start = 0; start < n; start += bs) {
            step(x.data(), y, perm, start, Math.min(n, start + bs));
        }
    }

    /** Forward, backward and one Adam update on the rows {@code perm[start, end)}. */
    private void step(float[] x, int[] y, int[] perm, int start, int end) {
        float invBatch = 1.0f / (end - start);
        float sumGradOut = -invBatch;
        Arrays.fill(weightGrad, 0f);
        Arrays.fill(biasGrad, 0f);
        for (int i = start; i < end; i++) {
            int row = perm[i];
            int offset = row * dim;
            computeLogits(x, offset, weight, bias, logits);
            logSoftmax(logits);
            int label = y[row];
            for (int c = 0; c < numClasses; c++) {
                float gradOut = c == label ? -invBatch : 0f;
                float g = gradOut - (float) Math.exp(logits[c]) * sumGradOut;
                int w = c * dim;
                for (int k = 0; k < dim; k++) {
                    weightGrad[w + k] = Math.fma(g, x[offset + k], weightGrad[w + k]);
                }
                biasGrad[c] += g;
            }
        }
        updates++;
        double coef1 = 1.0 - Math.pow(BETA1, updates);
        double coef2 = 1.0 - Math.pow(BETA2, updates);
        float stepSize = (float) (config.learningRate() * Math.sqrt(coef2) / coef1);
        adam(weight, weightGrad, weightMean, weightVariance, stepSize);
        adam(bias, biasGrad, biasMean, biasVariance, stepSize);
    }

    private void adam(float[] p, float[] grad, float[] mean, float[] variance, float stepSize) {
        for (int i = 0; i < p.length; i++) {
            float g = Math.fma(p[i], weightDecay, grad[i]);
            mean[i] = Math.fma(g, ONE_MINUS_BETA1, mean[i] * BETA1);
            variance[i] = variance[i] * BETA2 + ONE_MINUS_BETA2 * g * g;
            p[i] = p[i] - mean[i] * stepSize / ((float) Math.sqrt(variance[i]) + EPSILON);
        }
    }

    /**
     * {@code out = x[offset, offset+dim) · Wᵀ + b}: each logit is one fused multiply-add chain
     * over k in order, then the bias. Up to four classes share a pass over the row, so several
     * chains are in flight (the same values as one class at a time, faster).
     */
    private void computeLogits(float[] x, int offset, float[] w, float[] b, float[] out) {
        int c = 0;
        for (; c + 3 < numClasses; c += 4) {
            int w0 = c * dim;
            float acc0 = 0f;
            float acc1 = 0f;
            float acc2 = 0f;
            float acc3 = 0f;
            for (int k = 0; k < dim; k++) {
                float xk = x[offset + k];
                acc0 = Math.fma(xk, w[w0 + k], acc0);
                acc1 = Math.fma(xk, w[w0 + dim + k], acc1);
                acc2 = Math.fma(xk, w[w0 + 2 * dim + k], acc2);
                acc3 = Math.fma(xk, w[w0 + 3 * dim + k], acc3);
            }
            out[c] = acc0 + b[c];
            out[c + 1] = acc1 + b[c + 1];
            out[c + 2] = acc2 + b[c + 2];
            out[c + 3] = acc3 + b[c + 3];
        }
        for (; c + 1 < numClasses; c += 2) {
            int w0 = c * dim;
            float acc0 = 0f;
            float acc1 = 0f;
            for (int k = 0; k < dim; k++) {
                float xk = x[offset + k];
                acc0 = Math.fma(xk, w[w0 + k], acc0);
                acc1 = Math.fma(xk, w[w0 + dim + k], acc1);
            }
            out[c] = acc0 + b[c];
            out[c + 1] = acc1 + b[c + 1];
        }
        if (c < numClasses) {
            int w0 = c * dim;
            float acc = 0f;
            for (int k = 0; k < dim; k++) {
                acc = Math.fma(x[offset + k], w[w0 + k], acc);
            }
            out[c] = acc + b[c];
        }
    }

    /** In place: {@code z − max − log Σ exp(z − max)}, as torch's log_softmax computes it. */
    private static void logSoftmax(float[] z) {
        float max = z[0];
        for (int c = 1; c < z.length; c++) {
            max = Math.max(max, z[c]);
        }
        float sum = 0f;
        for (float v : z) {
            sum += (float) Math.exp(v - max);
        }
        float logSum = (float) Math.log(sum);
        for (int c = 0; c < z.length; c++) {
            z[c] = z[c] - max - logSum;
        }
    }

    private int[] predictWith(FeatureMatrix x, float[] w, float[] b) {
        int n = x.rows();
        int[] out = new int[n];
        float[] z = new float[numClasses];
        float[] data = x.data();
        for (int i = 0; i < n; i++) {
            computeLogits(data, i * dim, w, b, z);
            int arg = 0;
            for (int c = 1; c < numClasses; c++) {
                if (z[c] > z[arg]) {
                    arg = c;
                }
            }
            out[i] = arg;
        }
        return out;
    }

    private void requireShape(FeatureMatrix x, int[] y, String what) {
        if (x.cols() != dim || x.rows() != y.length) {
            throw new IllegalArgumentException(what + " features are " + x.rows() + "x" + x.cols() + " for "
                    + y.length + " labels, expected " + dim + " columns and one row per label");
        }
    }

    private void requireFitted() {
        if (bestWeight == null) {
            throw new IllegalStateException("classifier not fitted");
        }
    }

    static int[] select(int[] values, int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    private static float[] flatten(float[][] rows, int numRows, int dim) {
        if (rows.length != numRows) {
            throw new IllegalArgumentException("initial weight has " + rows.length + " rows, expected " + numRows);
        }
        float[] flat = new float[numRows * dim];
        for (int r = 0; r < numRows; r++) {
            if (rows[r].length != dim) {
                throw new IllegalArgumentException("initial weight row " + r + " has " + rows[r].length
                        + " values, expected " + dim);
            }
            System.arraycopy(rows[r], 0, flat, r * dim, dim);
        }
        return flat;
    }
}
