package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * Embeds one batch of token sequences. Two plans, with the same result up to float rounding
 * (each sequence of a batch is computed independently of the others):
 *
 * <ul>
 *   <li><b>packed</b> ({@link #packed}, what training, evaluation and {@code embed} use): one
 *       forward over the batch's real tokens only ({@link PackedBatch}), with the prefix every
 *       sequence shares (BOS, the demonstration, the template head) once among them, and the
 *       last layer computed only where the pooling reads it;
 *   <li><b>padded</b> ({@link #padded}): one forward over the batch left-padded to its longest
 *       sequence, every position computed (the last layer only where the pooling reads it): the
 *       Hugging Face computation, kept as the reference (tests, the benchmark's {@code no-share}
 *       row, {@code batch.packed = false}).
 * </ul>
 *
 * {@link #huggingFace} is the padded forward exactly as Hugging Face runs it on torch, for the
 * benchmark's reference step: the whole last layer, and torch's own dropout and dense embedding
 * gradients ({@link TorchKernels}).
 */
public final class SequenceEmbedder {
    private final DecoderModel model;
    private final Pooling pooling;
    private final boolean packing;
    private final boolean sharePrefix;
    private final int padId;
    /** Every position of the last layer too (padded plan only). */
    private final boolean wholeLastLayer;
    private final TorchKernels kernels;

    private SequenceEmbedder(DecoderModel model, Pooling pooling, boolean packing, boolean sharePrefix, int padId,
            boolean wholeLastLayer, TorchKernels kernels) {
        this.model = model;
        this.pooling = pooling;
        this.packing = packing;
        this.sharePrefix = sharePrefix;
        this.padId = padId;
        this.wholeLastLayer = wholeLastLayer;
        this.kernels = kernels;
    }

    /** Packed forwards; {@code sharePrefix}: the batch's common prefix packed once instead of once per sequence. */
    public static SequenceEmbedder packed(DecoderModel model, Pooling pooling, boolean sharePrefix) {
        return new SequenceEmbedder(model, pooling, true, sharePrefix, 0, false, TorchKernels.NONE);
    }

    /** One forward over the batch left-padded with {@code padId} (the reference computation). */
    public static SequenceEmbedder padded(DecoderModel model, int padId, Pooling pooling) {
        return new SequenceEmbedder(model, pooling, false, false, padId, false, TorchKernels.NONE);
    }

    /** The padded forward as Hugging Face runs it: every position of every layer, torch's own kernels. */
    public static SequenceEmbedder huggingFace(DecoderModel model, int padId, Pooling pooling) {
        return new SequenceEmbedder(model, pooling, false, false, padId, true, TorchKernels.HUGGING_FACE);
    }

    /** This plan with some of torch's own kernels in place of sentemb's (the benchmark's lever by lever comparison). */
    public SequenceEmbedder withTorchKernels(TorchKernels k) {
        return new SequenceEmbedder(model, pooling, packing, sharePrefix, padId, wholeLastLayer, k);
    }

    public DecoderModel model() {
        return model;
    }

    public Pooling pooling() {
        return pooling;
    }

    /** What {@link #embed} computes for a batch: packed (with a shared prefix of this length) or padded. */
    public record Plan(boolean packed, int sharedPrefix) {
        /** Positions the forward computes: the packed tokens, or rows × the longest sequence. */
        public long paddedTokens(List<int[]> sequences) {
            if (packed) {
                return PackedBatch.packedTokens(sequences, sharedPrefix);
            }
            return (long) sequences.size() * sequences.stream().mapToInt(s -> s.length).max().orElse(0);
        }
    }

    /** The plan {@link #embed} follows for these sequences (a pure function of their tokens). */
    public Plan plan(List<int[]> sequences) {
        return new Plan(packing, packing && sharePrefix ? sharedPrefixLength(sequences) : 0);
    }

    /** A batch's tokens on the model's device: a packed batch, or the padded ids and mask. */
    public record DeviceTokens(PackedBatch packed, PaddedBatch padded) {}

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
        Plan plan = plan(sequences);
        if (plan.packed()) {
            return new DeviceTokens(PackedBatch.upload(manager, model.device(), sequences, plan.sharedPrefix()), null);
        }
        PaddedBatch b = PaddedBatch.leftPad(manager, sequences, padId);
        return new DeviceTokens(null, new PaddedBatch(onDevice(b.ids()), onDevice(b.mask())));
    }

    /** Pooled vectors of uploaded tokens, in input order; every array it creates joins the tokens' manager. */
    public NDArray embed(DeviceTokens tokens, boolean training) {
        try (TorchKernels.Scope torch = kernels.open()) {
            if (tokens.packed() != null) {
                return model.embedPacked(tokens.packed(), pooling, training);
            }
            NDArray ids = tokens.padded().ids();
            NDArray mask = tokens.padded().mask();
            if (!wholeLastLayer) {
                return model.embed(ids, mask, pooling, training);
            }
            NDArray h = model.hidden(ids, mask, false, training);
            return pooling == Pooling.LAST ? h.get(":, -1, :") : Pooling.maskedMean(h, mask);
        }
    }

    private NDArray onDevice(NDArray a) {
        return a.getDevice().equals(model.device()) ? a : a.toDevice(model.device(), false);
    }

    /**
     * Length of the longest token prefix all sequences share, leaving every sequence at least
     * one token of its own (the pooled position must be a token of the sequence's own).
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
