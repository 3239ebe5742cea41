package sentemb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
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

    private final OptModel model;
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
    public SequenceEmbedder(OptModel model, int padId, Pooling pooling, boolean sharePrefix) {
        this(model, padId, pooling, sharePrefix, !model.device().isGpu(),
                model.device().isGpu() ? 0 : ForwardCost.defaultOverheadTokens(model.config()));
    }

    /**
     * @param sharePrefix allow the shared-prefix pass (taken when it saves more than it costs)
     * @param bucketing allow length buckets (taken when they save more than they cost)
     * @param forwardOverheadTokens the fixed cost of one more forward pass, in padded tokens
     */
    public SequenceEmbedder(OptModel model, int padId, Pooling pooling, boolean sharePrefix, boolean bucketing,
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

    public OptModel model() {
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
        List<int[]> groups = bucketing ? LengthBuckets.plan(lengths, forwardOverheadTokens) : List.of(identity(lengths.length));
        return new Plan(shared, groups);
    }

    /**
     * @param manager owner of every array this pass creates (close it to free the pass)
     * @return {@code sequences.size() × dim} pooled vectors, in the given order
     */
    public NDArray embed(NDManager manager, List<int[]> sequences, boolean training) {
        Plan plan = plan(sequences);
        int shared = plan.sharedPrefix();
        PrefixCache cache = null;
        List<int[]> rest = sequences;
        if (shared > 0) {
            int[] first = sequences.get(0);
            long[] p = new long[shared];
            for (int i = 0; i < shared; i++) {
                p[i] = first[i];
            }
            rest = new ArrayList<>(sequences.size());
            for (int[] s : sequences) {
                rest.add(Arrays.copyOfRange(s, shared, s.length));
            }
            cache = model.encodePrefix(onDevice(manager.create(p, new Shape(1, shared))), training);
        }
        if (plan.groups().size() == 1) {
            return embedPadded(manager, rest, cache, training);
        }
        NDList parts = new NDList(plan.groups().size());
        long[] rowOf = new long[sequences.size()]; // input index -> row of the concatenated groups
        int row = 0;
        for (int[] g : plan.groups()) {
            List<int[]> members = new ArrayList<>(g.length);
            for (int i : g) {
                members.add(rest.get(i));
                rowOf[i] = row++;
            }
            parts.add(embedPadded(manager, members, cache, training));
        }
        NDArray grouped = NDArrays.concat(parts, 0);
        // a row gather: its backward scatters each row's gradient back to its group
        return grouped.get(new NDIndex("{}", onDevice(manager.create(rowOf))));
    }

    private NDArray embedPadded(NDManager manager, List<int[]> sequences, PrefixCache cache, boolean training) {
        PaddedBatch batch = PaddedBatch.leftPad(manager, sequences, padId);
        return model.embed(onDevice(batch.ids()), onDevice(batch.mask()), cache, pooling, training);
    }

    private NDArray onDevice(NDArray a) {
        return a.getDevice().equals(model.device()) ? a : a.toDevice(model.device(), false);
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
