package sentemb.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A published result row: Spearman ×100 per task name (null = not known), the average the
 * paper gives, and the paper it comes from.
 */
public record PublishedRow(String model, String source, Map<String, Double> scores, Double avg, boolean avgApproximate) {
    public PublishedRow {
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    }
}
