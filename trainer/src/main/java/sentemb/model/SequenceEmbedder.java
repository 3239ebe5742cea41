package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Embeds one batch of token sequences in a single forward pass. When every sequence starts
 * with the same prompt prefix (BOS, demonstration, template head), that prefix runs once and
 * its keys/values are shared by the whole batch; the result is the same as the plain path.
 */
public final class SequenceEmbedder {
    private final OptModel model;
    private final int padId;
    private final Pooling pooling;

    public SequenceEmbedder(OptModel model, int padId, Pooling pooling) {
        this.model = model;
        this.padId = padId;
        this.pooling = pooling;
    }

    public OptModel model() {
        return model;
    }

    /**
     * @param manager owner of every array this pass creates (close it to free the step)
     * @param prefix token ids every sequence is expected to start with, or null for no sharing
     * @return {@code sequences.size() × dim} pooled vectors, in the given order
     */
    public NDArray embed(NDManager manager, List<int[]> sequences, int[] prefix, boolean training) {
        if (prefix != null && prefix.length > 0 && allExtend(sequences, prefix)) {
            List<int[]> suffixes = new ArrayList<>(sequences.size());
            for (int[] s : sequences) {
                suffixes.add(Arrays.copyOfRange(s, prefix.length, s.length));
            }
            long[] p = Arrays.stream(prefix).asLongStream().toArray();
            PrefixCache cache = model.encodePrefix(manager.create(p, new Shape(1, p.length)).toDevice(model.device(), false), training);
            PaddedBatch batch = onDevice(PaddedBatch.leftPad(manager, suffixes, padId));
            return model.embed(batch.ids(), batch.mask(), cache, pooling, training);
        }
        PaddedBatch batch = onDevice(PaddedBatch.leftPad(manager, sequences, padId));
        return model.embed(batch.ids(), batch.mask(), null, pooling, training);
    }

    private PaddedBatch onDevice(PaddedBatch b) {
        if (b.ids().getDevice().equals(model.device())) {
            return b;
        }
        return new PaddedBatch(b.ids().toDevice(model.device(), false), b.mask().toDevice(model.device(), false));
    }

    /** True when every sequence begins with {@code prefix} and has at least one token after it. */
    static boolean allExtend(List<int[]> sequences, int[] prefix) {
        for (int[] s : sequences) {
            if (s.length <= prefix.length || !Arrays.equals(s, 0, prefix.length, prefix, 0, prefix.length)) {
                return false;
            }
        }
        return true;
    }
}
