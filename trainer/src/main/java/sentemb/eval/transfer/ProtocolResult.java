package sentemb.eval.transfer;

import java.util.List;

/**
 * What one SentEval validation protocol returns. Accuracies are percentages rounded to two
 * decimals exactly as SentEval rounds them.
 *
 * @param devAccuracy SentEval's {@code devacc}: the best mean validation accuracy of the L2 search
 * @param testAccuracy SentEval's {@code acc}
 * @param selectedL2 the L2 penalty chosen (one per outer fold for cross-validation)
 * @param testPredictions predicted classes of the test rows (null for cross-validation)
 */
record ProtocolResult(double devAccuracy, double testAccuracy, List<Double> selectedL2, int[] testPredictions) {}
