package sentemb.eval.transfer;

/**
 * F1 of the positive class (label 1), as {@code round(100 * sklearn.metrics.f1_score(y, yhat), 2)}
 * in SentEval's MRPC: 2·TP / (2·TP + FP + FN), 0 when there are no positives at all.
 */
final class BinaryF1 {
    private BinaryF1() {}

    static double percent(int[] predicted, int[] truth) {
        if (predicted.length != truth.length) {
            throw new IllegalArgumentException(predicted.length + " predictions for " + truth.length + " labels");
        }
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < truth.length; i++) {
            boolean p = predicted[i] == 1;
            boolean t = truth[i] == 1;
            tp += p && t ? 1 : 0;
            fp += p && !t ? 1 : 0;
            fn += !p && t ? 1 : 0;
        }
        long denominator = 2 * tp + fp + fn;
        double f1 = denominator == 0 ? 0.0 : 2.0 * tp / denominator;
        return SentEvalNumbers.pythonRound2(100 * f1);
    }
}
