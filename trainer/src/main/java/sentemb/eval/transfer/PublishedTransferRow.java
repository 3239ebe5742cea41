package sentemb.eval.transfer;

import java.util.Map;

/**
 * A published row of transfer-task accuracies (percent) with where it comes from. Tasks the
 * source does not give are absent from {@code scores}.
 */
public record PublishedTransferRow(String model, Map<String, Double> scores, Double average, String source,
                                   String readVia) {

    public PublishedTransferRow {
        scores = Map.copyOf(scores);
    }
}
