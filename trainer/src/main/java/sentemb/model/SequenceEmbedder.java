package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Embeds one batch of token sequences in a single forward pass. PromptEOL prompts all start
 * with the same tokens (BOS, the demonstration, the template head): with prefix sharing on,
 * the longest prefix common to the batch runs once and every sentence attends to its cached
 * keys/values. Positions and masks are unchanged, so the result equals the plain path.
 */
public final class SequenceEmbedder {
    /** Shorter common prefixes are not worth a separate pass. */
    public static final int MIN_SHARED_PREFIX = 2;

    private final DecoderModel model;
    private final int padId;
    private final Pooling pooling;
    private final boolean sharePrefix;

    public SequenceEmbedder(DecoderModel model, int padId, Pooling pooling, boolean sharePrefix) {
        this.model = model;
        this.padId = padId;
        this.pooling = pooling;
        this.sharePrefix = sharePrefix;
    }

    public DecoderModel model() {
        return model;
    }

    public Pooling pooling() {
        return pooling;
    }

    /**
     * Token arrays of one batch on the model's device: the shared prefix ({@code 1 × P}, or
     * null without one) and the left-padded ids and mask of the rest.
     */
    public record DeviceTokens(NDArray prefixIds, NDArray ids, NDArray mask) {}

    /**
     * @param manager owner of every array this pass creates (close it to free the pass)
     * @return {@code sequences.size() × dim} pooled vectors, in the given order
     */
    public NDArray embed(NDManager manager, List<int[]> sequences, boolean training) {
        return embed(upload(manager, sequences), training);
    }

    /**
     * Copies a batch's tokens to the model's device, so that the forward that follows makes no
     * host-to-device copy (on a GPU each is a stream synchronisation).
     */
    public DeviceTokens upload(NDManager manager, List<int[]> sequences) {
        int shared = sharePrefix ? sharedPrefixLength(sequences) : 0;
        if (shared >= MIN_SHARED_PREFIX) {
            int[] first = sequences.get(0);
            long[] p = new long[shared];
            for (int i = 0; i < shared; i++) {
                p[i] = first[i];
            }
            List<int[]> suffixes = new ArrayList<>(sequences.size());
            for (int[] s : sequences) {
                suffixes.add(Arrays.copyOfRange(s, shared, s.length));
            }
            PaddedBatch batch = PaddedBatch.leftPad(manager, suffixes, padId);
            return new DeviceTokens(onDevice(manager.create(p, new Shape(1, shared))), onDevice(batch.ids()),
                    onDevice(batch.mask()));
        }
        PaddedBatch batch = PaddedBatch.leftPad(manager, sequences, padId);
        return new DeviceTokens(null, onDevice(batch.ids()), onDevice(batch.mask()));
    }

    /** Pooled vectors of uploaded tokens; every array it creates joins the ids' manager. */
    public NDArray embed(DeviceTokens tokens, boolean training) {
        PrefixCache cache = tokens.prefixIds() == null ? null : model.encodePrefix(tokens.prefixIds(), training);
        return model.embed(tokens.ids(), tokens.mask(), cache, pooling, training);
    }

    private NDArray onDevice(NDArray a) {
        return a.getDevice().equals(model.device()) ? a : a.toDevice(model.device(), false);
    }

    /**
     * Length of the longest token prefix all sequences share, leaving every sequence at least
     * one token of its own (the pooled position must be computed in the main pass).
     */
    public static int sharedPrefixLength(List<int[]> sequences) {
        int[] first = sequences.get(0);
        int n = first.length - 1;
        for (int[] s : sequences) {
            n = Math.min(n, s.length - 1);
            int i = 0;
            while (i < n && s[i] == first[i]) {
                i++;
            }
            n = i;
        }
        return Math.max(n, 0);
    }
}
