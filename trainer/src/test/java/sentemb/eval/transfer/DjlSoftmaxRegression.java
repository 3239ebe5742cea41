package sentemb.eval.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The previous, DJL-based implementation of the transfer classifier, kept as the reference
 * that {@link SoftmaxRegression} (plain Java arrays) is tested against: same loop, numerics on
 * libtorch.
 *
 * <p>One SentEval classifier with {@code nhid = 0}: a linear layer trained with softmax
 * cross-entropy (mean over the batch) and Adam whose {@code weight_decay} is the L2 penalty,
 * stopped early on a dev set. All numerics are DJL's ({@link Linear#linear} — the Linear
 * block's forward —, {@link SoftmaxCrossEntropyLoss}, autograd through a
 * {@link GradientCollector}, {@link Optimizer#adam()} with coupled weight decay, which
 * adds {@code wd * w} to the gradient like {@code torch.optim.Adam}); this class only
 * reproduces SentEval's loop: a fresh {@code RandomState(seed)} per classifier, one
 * permutation per epoch, a dev evaluation every {@code epochSize} epochs, the best model
 * kept, and a stop at the {@code (tenacity + 1)}-th evaluation without improvement (the
 * counter is never reset), or once more than {@code maxEpoch} epochs ran.
 *
 * <p>Known difference from torch: DJL's Adam folds the bias corrections into the step size,
 * {@code lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε)}, whereas torch divides by
 * {@code √v/√(1−β2ᵗ) + ε}; with ε = 1e-8 this changes nothing visible (the tests compare a
 * whole training run with PyTorch).
 */
final class DjlSoftmaxRegression implements AutoCloseable {
    private static final Loss LOSS = new SoftmaxCrossEntropyLoss("xent");
    private static final int SCORE_CHUNK = 8192;
    private static final int BLOCK_BATCHES = 64;

    private final ClassifierConfig config;
    private final NDManager manager;
    private final NDArray weight;
    private final NDArray bias;
    private final Optimizer adam;
    private final NumpyRandomState rng;
    private final int numClasses;
    private NDArray bestWeight;
    private NDArray bestBias;

    DjlSoftmaxRegression(NDManager parent, ClassifierConfig config, int dim, int numClasses, double l2, long seed,
                      InitialWeights init) {
        this.config = config;
        this.numClasses = numClasses;
        this.manager = parent.newSubManager();
        this.rng = new NumpyRandomState(seed);
        InitialWeights.Values start = init.create(dim, numClasses);
        this.weight = manager.create(flatten(start.weight(), numClasses, dim), new Shape(numClasses, dim));
        this.bias = manager.create(start.bias());
        if (bias.getShape().get(0) != numClasses) {
            throw new IllegalArgumentException("initial bias has " + bias.getShape().get(0) + " values, expected "
                    + numClasses);
        }
        weight.setRequiresGradient(true);
        bias.setRequiresGradient(true);
        this.adam = Optimizer.adam()
                .optLearningRateTracker(Tracker.fixed(config.learningRate()))
                .optWeightDecays((float) l2)
                .build();
    }

    /** Result of one fit: the best dev accuracy (a fraction), its trace and the epochs run. */
    record FitReport(double bestDevAccuracy, List<Double> devTrace, int epochs) {}

    /** {@code clf.fit(X, y, validation_data=(devX, devY))}. */
    FitReport fit(NDArray trainX, int[] trainY, NDArray devX, int[] devY) {
        return TorchThreads.single(() -> {
            try (NDArray y = manager.create(toLong(trainY))) {
                return train(trainX, y, trainY.length, devX, devY);
            }
        });
    }

    /**
     * {@code clf.fit(X, y, validation_split=config.validationSplit)}: the first
     * {@code int(split·n)} rows of a permutation are the dev set.
     */
    FitReport fitWithValidationSplit(NDArray x, int[] y) {
        return TorchThreads.single(() -> fitHoldingOut(x, y));
    }

    private FitReport fitHoldingOut(NDArray x, int[] y) {
        int n = y.length;
        int[] perm = rng.permutation(n);
        int cut = (int) (config.validationSplit() * n);
        int[] dev = Arrays.copyOfRange(perm, 0, cut);
        int[] train = Arrays.copyOfRange(perm, cut, n);
        try (NDManager scope = manager.newSubManager()) {
            NDArray trainX = rows(scope, x, train);
            NDArray devX = rows(scope, x, dev);
            NDArray trainY = scope.create(toLong(select(y, train)));
            return train(trainX, trainY, train.length, devX, select(y, dev));
        }
    }

    /** Class with the largest logit for each row (first on ties) under the best model. */
    int[] predict(NDArray x) {
        requireFitted();
        return TorchThreads.single(() -> predictWith(x, bestWeight, bestBias));
    }

    /** Accuracy as a fraction, {@code correct / n} like SentEval's {@code score}. */
    double score(NDArray x, int[] y) {
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
        float[] flat = bestWeight.toFloatArray();
        int dim = flat.length / numClasses;
        float[][] w = new float[numClasses][dim];
        for (int c = 0; c < numClasses; c++) {
            System.arraycopy(flat, c * dim, w[c], 0, dim);
        }
        return w;
    }

    float[] bestBias() {
        requireFitted();
        return bestBias.toFloatArray();
    }

    @Override
    public void close() {
        manager.close();
    }

    private FitReport train(NDArray trainX, NDArray trainY, int n, NDArray devX, int[] devY) {
        int epochs = 0;
        double best = -1;
        int nonImprovements = 0;
        boolean stop = false;
        List<Double> trace = new ArrayList<>();
        while (!stop && epochs <= config.maxEpoch()) {
            for (int e = 0; e < config.epochSize(); e++) {
                trainOneEpoch(trainX, trainY, n);
            }
            epochs += config.epochSize();
            double acc = accuracy(predictWith(devX, currentWeight(), currentBias()), devY);
            trace.add(acc);
            if (acc > best) {
                best = acc;
                keepBest();
            } else {
                if (nonImprovements >= config.tenacity()) {
                    stop = true;
                }
                nonImprovements++;
            }
        }
        return new FitReport(best, List.copyOf(trace), epochs);
    }

    private void trainOneEpoch(NDArray x, NDArray y, int n) {
        int[] perm = rng.permutation(n);
        int bs = config.batchSize();
        // Rows are gathered for BLOCK_BATCHES batches at once and each batch is then a slice:
        // the batches are exactly SentEval's, with far fewer gather calls.
        int blockRows = bs * BLOCK_BATCHES;
        for (int blockStart = 0; blockStart < n; blockStart += blockRows) {
            int blockEnd = Math.min(n, blockStart + blockRows);
            try (NDManager block = manager.newSubManager()) {
                int[] rows = Arrays.copyOfRange(perm, blockStart, blockEnd);
                NDArray index = block.create(toLong(rows));
                NDArray bx = x.get(block, new NDIndex("{}", index));
                NDArray by = y.get(block, new NDIndex("{}", index));
                for (int start = 0; start < rows.length; start += bs) {
                    int end = Math.min(rows.length, start + bs);
                    step(block, bx, by, start, end);
                }
            }
        }
    }

    private void step(NDManager parent, NDArray blockX, NDArray blockY, int start, int end) {
        try (NDManager step = parent.newSubManager()) {
            NDIndex slice = new NDIndex(start + ":" + end);
            NDArray xb = blockX.get(step, slice);
            NDArray yb = blockY.get(step, slice);
            try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                NDArray logits = Linear.linear(xb, weight, bias).singletonOrThrow();
                gc.backward(LOSS.evaluate(new NDList(yb), new NDList(logits)));
            }
            update("weight", weight);
            update("bias", bias);
        }
    }

    /** One Adam step on a parameter; DJL's PyTorch Adam also zeroes the gradient. */
    private void update(String id, NDArray parameter) {
        try (NDArray grad = parameter.getGradient()) {
            adam.update(id, parameter, grad);
        }
    }

    private int[] predictWith(NDArray x, NDArray weight, NDArray bias) {
        long n = x.getShape().get(0);
        int[] out = new int[(int) n];
        for (long start = 0; start < n; start += SCORE_CHUNK) {
            long end = Math.min(n, start + SCORE_CHUNK);
            try (NDManager scope = manager.newSubManager()) {
                NDArray chunk = x.get(scope, new NDIndex(start + ":" + end));
                NDArray logits = Linear.linear(chunk, weight, bias).singletonOrThrow();
                long[] pred = logits.argMax(1).toLongArray();
                for (int i = 0; i < pred.length; i++) {
                    out[(int) start + i] = (int) pred[i];
                }
            }
        }
        return out;
    }

    private void keepBest() {
        if (bestWeight != null) {
            bestWeight.close();
            bestBias.close();
        }
        bestWeight = currentWeight().duplicate();
        bestBias = currentBias().duplicate();
    }

    private NDArray currentWeight() {
        return weight;
    }

    private NDArray currentBias() {
        return bias;
    }

    private void requireFitted() {
        if (bestWeight == null) {
            throw new IllegalStateException("classifier not fitted");
        }
    }

    static NDArray rows(NDManager target, NDArray x, int[] rowIndices) {
        NDArray index = target.create(toLong(rowIndices));
        return x.get(target, new NDIndex("{}", index));
    }

    static int[] select(int[] values, int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return out;
    }

    static long[] toLong(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
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
