package sentemb.spark;

import java.util.List;
import java.util.Map;
import sentemb.eval.SentenceEncoder;

/** Hands the evaluator the vectors the cluster computed, looked up by sentence. */
final class ReplayEncoder implements SentenceEncoder {
    private final Map<String, float[]> vectors;
    private final int dimension;

    ReplayEncoder(Map<String, float[]> vectors, int dimension) {
        this.vectors = vectors;
        this.dimension = dimension;
    }

    @Override
    public float[][] encode(List<String> sentences) {
        float[][] out = new float[sentences.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vectors.get(sentences.get(i));
            if (out[i] == null) {
                throw new IllegalStateException("no vector was computed for '" + sentences.get(i) + "'");
            }
        }
        return out;
    }

    @Override
    public int dimension() {
        return dimension;
    }
}
