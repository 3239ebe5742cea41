package sentemb.eval.transfer;

import sentemb.text.PythonText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sentences with integer class labels. The sentences are SentEval's token lists joined by
 * single spaces (its batchers do {@code ' '.join(tokens)}), so an empty line is "".
 */
public record LabeledSentences(List<String> sentences, int[] labels) {

    public LabeledSentences {
        sentences = List.copyOf(sentences);
        labels = labels.clone();
        if (sentences.size() != labels.length) {
            throw new IllegalArgumentException(sentences.size() + " sentences but " + labels.length + " labels");
        }
    }

    public int size() {
        return labels.length;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /**
     * The order SentEval embeds and classifies in: a stable sort by (number of tokens, label).
     * Fold membership depends on this order, so it is kept.
     */
    public LabeledSentences sortedLikeSentEval() {
        List<Integer> order = new ArrayList<>();
        int[] tokens = new int[size()];
        for (int i = 0; i < size(); i++) {
            order.add(i);
            tokens[i] = PythonText.splitWhitespace(sentences.get(i)).size();
        }
        order.sort(Comparator.<Integer>comparingInt(i -> tokens[i]).thenComparingInt(i -> labels[i]));
        List<String> s = new ArrayList<>(size());
        int[] y = new int[size()];
        for (int k = 0; k < order.size(); k++) {
            s.add(sentences.get(order.get(k)));
            y[k] = labels[order.get(k)];
        }
        return new LabeledSentences(s, y);
    }
}
