package sentemb.eval.transfer;

import sentemb.text.PythonText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Labelled sentence pairs (MRPC): first.get(i) and second.get(i) have label labels[i]. */
public record SentencePairs(List<String> first, List<String> second, int[] labels) {

    public SentencePairs {
        first = List.copyOf(first);
        second = List.copyOf(second);
        labels = labels.clone();
        if (first.size() != labels.length || second.size() != labels.length) {
            throw new IllegalArgumentException(first.size() + " / " + second.size() + " sentences but "
                    + labels.length + " labels");
        }
    }

    public int size() {
        return labels.length;
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** SentEval's MRPC order: a stable sort by (tokens of first, tokens of second, label). */
    public SentencePairs sortedLikeSentEval() {
        int n = size();
        int[] lenA = new int[n];
        int[] lenB = new int[n];
        List<Integer> order = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            order.add(i);
            lenA[i] = PythonText.splitWhitespace(first.get(i)).size();
            lenB[i] = PythonText.splitWhitespace(second.get(i)).size();
        }
        order.sort(Comparator.<Integer>comparingInt(i -> lenA[i])
                .thenComparingInt(i -> lenB[i])
                .thenComparingInt(i -> labels[i]));
        List<String> a = new ArrayList<>(n);
        List<String> b = new ArrayList<>(n);
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            int i = order.get(k);
            a.add(first.get(i));
            b.add(second.get(i));
            y[k] = labels[i];
        }
        return new SentencePairs(a, b, y);
    }
}
