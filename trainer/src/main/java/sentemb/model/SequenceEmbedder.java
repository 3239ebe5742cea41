package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Embeds one batch of token sequences, with less work than one forward over the batch padded
 * to its longest sequence, and the same result (each row of a left-padded batch is computed
 * independently of the others: only float rounding differs):
 *
 * <ul>
 *   <li><b>prefix sharing</b>: PromptEOL prompts all start with the same tokens (BOS, the
 *       demonstration, the template head); the longest prefix common to the batch runs once and
 *       every sentence attends to its cached keys/values. Positions and masks are unchanged.
 *   <li><b>length buckets</b> ({@link LengthBuckets}): the sequences (suffixes, when sharing)
 *       run in a few groups of similar length, each padded only to its own longest; the vectors
 *       are put back in input order. In training every group's graph is kept and one backward
 *       runs through all of them (and through the one shared prefix pass).
 * </ul>
 *
 * Both are chosen per batch with one cost model: a forward pass costs its padded tokens plus
 * {@code forwardOverheadTokens} (see {@link ForwardCost}).
 */
public final class SequenceEmbedder {
    /** Shorter common prefixes are not worth a separate pass. */
    public static final int MIN_SHARED_PREFIX = 2;

    private final DecoderModel model;
    private final int padId;
    private final Pooling pooling;
    private final boolean sharePrefix;
    private final double forwardOverheadTokens;
    private final boolean bucketing;

    /**
     * The default plan: on the CPU, prefix sharing as asked and length buckets, both gated by the
     * overhead measured for the model's shape ({@link ForwardCost#defaultOverheadTokens}). On a
     * GPU that CPU-measured constant does not apply (a kernel launch costs far more FLOPs there),
     * so the earlier plan stays until it is measured: the prefix always shared, no buckets.
     */
    public SequenceEmbedder(DecoderModel model, int padId, Pooling pooling, boolean sharePrefix) {
        this(model, padId, pooling, sharePrefix, bucketsByDefault(model), defaultOverheadTokens(model));
    }

    /** Whether the default plan uses length buckets on this model's device (not on GPUs, until measured there). */
    public static boolean bucketsByDefault(DecoderModel model) {
        return !model.device().isGpu();
    }

    /** The default plan's per-pass overhead on this model's device: the CPU cost model, or 0 on a GPU. */
    public static double defaultOverheadTokens(DecoderModel model) {
        return model.device().isGpu() ? 0 : ForwardCost.defaultOverheadTokens(model.config());
    }

    /**
     * @param sharePrefix allow the shared-prefix pass (taken when it saves more than it costs)
     * @param bucketing allow length buckets (taken when they save more than they cost)
     * @param forwardOverheadTokens the fixed cost of one more forward pass, in padded tokens
     */
    public SequenceEmbedder(DecoderModel model, int padId, Pooling pooling, boolean sharePrefix, boolean bucketing,
            double forwardOverheadTokens) {
        if (!(forwardOverheadTokens >= 0)) {
            throw new IllegalArgumentException("forward overhead must be >= 0 tokens, got " + forwardOverheadTokens);
        }
        this.model = model;
        this.padId = padId;
        this.pooling = pooling;
        this.sharePrefix = sharePrefix;
        this.bucketing = bucketing;
        this.forwardOverheadTokens = forwardOverheadTokens;
    }

    public DecoderModel model() {
        return model;
    }

    public Pooling pooling() {
        return pooling;
    }

    /** What {@link #embed} does with a batch: the shared prefix length (0: none) and the groups. */
    public record Plan(int sharedPrefix, List<int[]> groups) {
        /** Tokens the forward passes compute, padding included (the prefix pass counts once). */
        public long paddedTokens(List<int[]> sequences) {
            long total = sharedPrefix;
            for (int[] g : groups) {
                int longest = 0;
                for (int i : g) {
                    longest = Math.max(longest, sequences.get(i).length - sharedPrefix);
                }
                total += (long) g.length * longest;
            }
            return total;
        }
    }

    /** The plan {@link #embed} follows for these sequences (a pure function of their tokens). */
    public Plan plan(List<int[]> sequences) {
        int shared = sharePrefix ? sharedPrefixLength(sequences) : 0;
        if (shared < MIN_SHARED_PREFIX || !ForwardCost.sharingPays(sequences.size(), shared, forwardOverheadTokens)) {
            shared = 0;
        }
        int[] lengths = new int[sequences.size()];
        for (int i = 0; i < lengths.length; i++) {
            lengths[i] = sequences.get(i).length - shared;
        }
        List<int[]> groups = bucketing ? LengthBuckets.plan(lengths, forwardOverheadTokens) : List.of();
        if (groups.size() <= 1) {
            // one pass: its rows in input order (LengthBuckets lists a group's members by length)
            groups = List.of(identity(lengths.length));
        }
        return new Plan(shared, groups);
    }

    /**
     * Token arrays of one batch on the model's device, as its {@link Plan} runs them: the
     * shared prefix ({@code 1 × P}, or null without one), the left-padded ids and mask of each
     * group, and the permutation matrix that puts the concatenated groups' rows back in input
     * order (null when they already are).
     */
    public record DeviceTokens(NDArray prefixIds, List<NDArray[]> groups, NDArray reorder) {}

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
        int shared = plan.sharedPrefix();
        NDArray prefixIds = null;
        List<int[]> rest = sequences;
        if (shared > 0) {
            int[] first = sequences.get(0);
            long[] p = new long[shared];
            for (int i = 0; i < shared; i++) {
                p[i] = first[i];
            }
            prefixIds = onDevice(manager.create(p, new Shape(1, shared)));
            rest = new ArrayList<>(sequences.size());
            for (int[] s : sequences) {
                rest.add(Arrays.copyOfRange(s, shared, s.length));
            }
        }
        List<NDArray[]> groups = new ArrayList<>(plan.groups().size());
        long[] rowOf = new long[sequences.size()]; // input index -> row of the concatenated groups
        int row = 0;
        for (int[] g : plan.groups()) {
            List<int[]> members = new ArrayList<>(g.length);
            for (int i : g) {
                members.add(rest.get(i));
                rowOf[i] = row++;
            }
            PaddedBatch batch = PaddedBatch.leftPad(manager, members, padId);
            groups.add(new NDArray[] {onDevice(batch.ids()), onDevice(batch.mask())});
        }
        if (isIdentity(rowOf)) {
            return new DeviceTokens(prefixIds, groups, null);
        }
        // Input order back by a permutation matrix (row i has its 1 at column rowOf[i]): a matmul
        // is exact here (every other term is an exact zero) and differentiable on every route.
        int n = sequences.size();
        float[] perm = new float[n * n];
        for (int i = 0; i < n; i++) {
            perm[i * n + (int) rowOf[i]] = 1f;
        }
        NDArray p = manager.create(perm, new Shape(n, n)).toType(model.dtype(), true); // a libtorch-owned copy
        return new DeviceTokens(prefixIds, groups, onDevice(p));
    }

    /** Pooled vectors of uploaded tokens, in input order; every array it creates joins the ids' manager. */
    public NDArray embed(DeviceTokens tokens, boolean training) {
        PrefixCache cache = tokens.prefixIds() == null ? null : model.encodePrefix(tokens.prefixIds(), training);
        if (tokens.groups().size() == 1) {
            NDArray[] g = tokens.groups().get(0);
            return model.embed(g[0], g[1], cache, pooling, training);
        }
        NDList parts = new NDList(tokens.groups().size());
        for (NDArray[] g : tokens.groups()) {
            parts.add(model.embed(g[0], g[1], cache, pooling, training));
        }
        NDArray stacked = NDArrays.concat(parts, 0);
        return tokens.reorder() == null ? stacked : tokens.reorder().matMul(stacked);
    }

    private NDArray onDevice(NDArray a) {
        return a.getDevice().equals(model.device()) ? a : a.toDevice(model.device(), false);
    }

    private static boolean isIdentity(long[] rowOf) {
        for (int i = 0; i < rowOf.length; i++) {
            if (rowOf[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static int[] identity(int n) {
        int[] g = new int[n];
        for (int i = 0; i < n; i++) {
            g[i] = i;
        }
        return g;
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
