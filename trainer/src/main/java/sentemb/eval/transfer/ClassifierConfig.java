package sentemb.eval.transfer;

import java.util.List;

/**
 * SentEval's classifier settings for the transfer tasks ({@code params['classifier']} plus
 * {@code kfold}), for logistic regression ({@code nhid = 0}) trained with Adam.
 *
 * @param kfold folds of the cross-validation loops (SentEval {@code kfold})
 * @param batchSize Adam mini-batch size
 * @param tenacity how many dev evaluations without improvement are tolerated; SentEval never
 *     resets this counter, so training stops at the (tenacity + 1)-th non-improvement
 * @param epochSize passes over the training data between two dev evaluations
 * @param maxEpoch training stops once more than this many passes were made
 * @param l2Grid the weight-decay values searched (SentEval with usepytorch: 1e-5 … 1e-2)
 * @param validationSplit share of the training data held out for early stopping in the final
 *     fits of the cross-validation protocols (SentEval: 0.05)
 * @param learningRate Adam learning rate (SentEval: torch's default 1e-3)
 */
public record ClassifierConfig(int kfold, int batchSize, int tenacity, int epochSize, int maxEpoch,
                               List<Double> l2Grid, double validationSplit, float learningRate) {

    /** SentEval's L2 grid with usepytorch: {@code [10**t for t in range(-5, -1)]}. */
    public static final List<Double> SENTEVAL_L2_GRID = List.of(1e-5, 1e-4, 1e-3, 1e-2);

    public ClassifierConfig {
        l2Grid = List.copyOf(l2Grid);
        if (kfold < 2 || batchSize < 1 || tenacity < 0 || epochSize < 1 || maxEpoch < 0 || l2Grid.isEmpty()
                || !(validationSplit > 0 && validationSplit < 1) || !(learningRate > 0)) {
            throw new IllegalArgumentException("invalid classifier config " + this);
        }
    }

    /** Same settings with another fold count, batch size, tenacity and epoch size. */
    public ClassifierConfig with(int kfold, int batchSize, int tenacity, int epochSize) {
        return new ClassifierConfig(kfold, batchSize, tenacity, epochSize, maxEpoch, l2Grid, validationSplit,
                learningRate);
    }
}
