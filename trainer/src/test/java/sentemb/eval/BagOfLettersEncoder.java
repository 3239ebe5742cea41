package sentemb.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * A deterministic toy encoder: 26 counts of the ASCII letters, case-folded. The same
 * encoder is written in scripts/sts_reference.py, which gives the expected correlations.
 */
final class BagOfLettersEncoder implements SentenceEncoder {
    final List<Integer> batchSizes = new ArrayList<>();
    final List<String> seen = new ArrayList<>();

    @Override
    public float[][] encode(List<String> sentences) {
        batchSizes.add(sentences.size());
        seen.addAll(sentences);
        float[][] out = new float[sentences.size()][26];
        for (int i = 0; i < sentences.size(); i++) {
            for (char c : sentences.get(i).toCharArray()) {
                if (c >= 'a' && c <= 'z') {
                    out[i][c - 'a']++;
                } else if (c >= 'A' && c <= 'Z') {
                    out[i][c - 'A']++;
                }
            }
        }
        return out;
    }

    @Override
    public int dimension() {
        return 26;
    }
}
