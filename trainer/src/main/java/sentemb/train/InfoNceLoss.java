package sentemb.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import sentemb.model.Scalars;

/**
 * The supervised SimCSE contrastive loss used by PromptEOL+CSE, mirroring
 * {@code cl_forward} in princeton-nlp/SimCSE simcse/models.py and {@code compute_loss} in
 * kongds/scaling_sentemb ft_llm.py:
 * <pre>
 *   cos_sim = self.sim(z1.unsqueeze(1), z2.unsqueeze(0))          # cos / temp
 *   z1_z3_cos = self.sim(z1.unsqueeze(1), z3.unsqueeze(0))
 *   cos_sim = torch.cat([cos_sim, z1_z3_cos], 1)
 *   labels = torch.arange(cos_sim.size(0))
 *   weights = [[0.0] * (cos_sim.size(-1) - z1_z3_cos.size(-1)) + [0.0] * i + [z3_weight]
 *              + [0.0] * (z1_z3_cos.size(-1) - i - 1) for i in range(z1_z3_cos.size(-1))]
 *   cos_sim = cos_sim + weights
 *   loss = nn.CrossEntropyLoss()(cos_sim, labels)
 * </pre>
 * So for a batch of B triplets the logits are B × 2B, {@code [cos(z1, z2ᵀ) ‖ cos(z1, z3ᵀ)] / τ},
 * the hard-negative weight is added only to each row's own hard negative (column B + i), and
 * the loss is the mean over rows of the cross-entropy with target i. Without z3 (pair mode) the
 * logits are B × B and no weight is added. The reference uses τ = 0.05 and weight 0.
 *
 * <p>Cosine is torch 1.13's {@code nn.CosineSimilarity(dim=-1)} (aten Distance.cpp): each
 * vector is divided by {@code max(||x||, 1e-8)} and the quotients are multiplied and summed.
 * For vectors with norm above 1e-8 this is x·y / (||x|| ||y||) with ordinary gradients (torch
 * clamps under no_grad, so its gradient at norms below 1e-8 is not reproduced).
 *
 * <p>Data parallel: with anchors gathered from all replicas (as the reference's
 * {@code all_gather}), {@link #loss(NDArray, NDArray, NDArray)} on the gathered z1, z2, z3 is
 * the reference loss, and {@link #lossAndGrads} gives d loss / d z for every embedding.
 * {@link #loss(NDArray, long, NDArray, NDArray)} computes the loss of a slice of anchors (global
 * rows {@code offset .. offset+b-1}) against the global z2/z3, with targets {@code offset + i}
 * and the hard-negative weight at column {@code B + offset + i}; it is the mean over those b
 * rows, so the full loss is {@code sum over slices of (b / B) * sliceLoss}. Note that the
 * reference runs DDP, which averages parameter gradients over ranks: each rank back-propagates
 * the full global loss through its own slice only, so the applied gradient is
 * {@code (1 / world_size) * dL/dθ}.
 */
public final class InfoNceLoss {
    public static final double DEFAULT_TEMPERATURE = 0.05;
    /** torch's CosineSimilarity eps. */
    public static final double COSINE_EPS = 1e-8;

    private final double temperature;
    private final double hardNegativeWeight;

    /** τ = 0.05, hard-negative weight 0 (the reference). */
    public InfoNceLoss() {
        this(DEFAULT_TEMPERATURE, 0.0);
    }

    /**
     * @param temperature τ, the divisor of the cosine similarities
     * @param hardNegativeWeight SimCSE's {@code hard_negative_weight}: a logit offset added to
     *     each anchor's own hard negative
     */
    public InfoNceLoss(double temperature, double hardNegativeWeight) {
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("InfoNCE temperature must be finite and > 0, got " + temperature);
        }
        if (!Double.isFinite(hardNegativeWeight)) {
            throw new IllegalArgumentException("InfoNCE hard-negative weight must be finite, got " + hardNegativeWeight);
        }
        this.temperature = temperature;
        this.hardNegativeWeight = hardNegativeWeight;
    }

    public double temperature() {
        return temperature;
    }

    public double hardNegativeWeight() {
        return hardNegativeWeight;
    }

    /** Full-batch loss (scalar), differentiable when computed inside a GradientCollector. */
    public NDArray loss(NDArray z1, NDArray z2, NDArray z3) {
        return loss(z1, 0, z2, z3);
    }

    /**
     * Loss of the anchors {@code z1Rows} (b × d, global rows {@code rowOffset .. rowOffset+b-1})
     * against all positives {@code z2} (B × d) and hard negatives {@code z3} (B × d, or null for
     * pair mode): a scalar attached to z1Rows' manager. Intermediates are closed.
     */
    public NDArray loss(NDArray z1Rows, long rowOffset, NDArray z2, NDArray z3) {
        return compute(z1Rows, rowOffset, z2, z3, false);
    }

    /** The logits (b × B, or b × 2B with z3) including the hard-negative weight; for inspection. */
    public NDArray logits(NDArray z1Rows, long rowOffset, NDArray z2, NDArray z3) {
        return compute(z1Rows, rowOffset, z2, z3, true);
    }

    /**
     * Runs the loss on detached copies of the embeddings under a fresh GradientCollector and
     * returns the loss with d loss / d z1, z2, z3 (gradients attached to each input's manager).
     * The inputs themselves are not touched. Must not be called while another GradientCollector
     * is open (DJL allows only one at a time).
     */
    public LossAndGrads lossAndGrads(NDArray z1, NDArray z2, NDArray z3) {
        return lossAndGrads(z1, 0, z2, z3);
    }

    /** {@link #lossAndGrads(NDArray, NDArray, NDArray)} for a slice of anchors (see {@link #loss(NDArray, long, NDArray, NDArray)}). */
    public LossAndGrads lossAndGrads(NDArray z1Rows, long rowOffset, NDArray z2, NDArray z3) {
        validate(z1Rows, rowOffset, z2, z3);
        try (NDManager scope = z1Rows.getManager().newSubManager()) {
            NDArray a = leafCopy(z1Rows, scope);
            NDArray b = leafCopy(z2, scope);
            NDArray c = z3 == null ? null : leafCopy(z3, scope);
            NDArray lossValue;
            GradientCollector collector;
            try {
                collector = Engine.getInstance().newGradientCollector();
            } catch (IllegalStateException e) {
                throw new IllegalStateException("InfoNceLoss.lossAndGrads needs its own GradientCollector;"
                        + " close the open one first (call it between the no-grad forward and the chunk backward)", e);
            }
            try (collector) {
                NDArray loss = loss(a, rowOffset, b, c);
                collector.backward(loss);
                lossValue = loss.stopGradient(); // not read here: reading waits for the device
                lossValue.attach(z1Rows.getManager());
            }
            NDArray ga = gradientTo(a, z1Rows.getManager());
            NDArray gb = gradientTo(b, z2.getManager());
            NDArray gc = c == null ? null : gradientTo(c, z3.getManager());
            return new LossAndGrads(lossValue, ga, gb, gc);
        }
    }

    private static NDArray leafCopy(NDArray z, NDManager scope) {
        NDArray copy = z.stopGradient();
        copy.attach(scope);
        copy.setRequiresGradient(true);
        return copy;
    }

    private static NDArray gradientTo(NDArray leaf, NDManager owner) {
        NDArray grad = leaf.getGradient();
        grad.attach(owner);
        return grad;
    }

    private NDArray compute(NDArray z1Rows, long rowOffset, NDArray z2, NDArray z3, boolean logitsOnly) {
        validate(z1Rows, rowOffset, z2, z3);
        NDManager owner = z1Rows.getManager();
        // run the ops in a scope so that every intermediate is closed; autograd keeps what it needs
        Set<NDArray> inputs = Collections.newSetFromMap(new IdentityHashMap<>());
        inputs.add(z1Rows);
        inputs.add(z2);
        if (z3 != null) {
            inputs.add(z3);
        }
        try (NDManager scope = owner.newSubManager()) {
            scope.tempAttachAll(inputs.toArray(new NDArray[0]));
            NDArray result = logitsOnly ? weightedLogits(z1Rows, rowOffset, z2, z3)
                    : crossEntropy(weightedLogits(z1Rows, rowOffset, z2, z3), rowOffset);
            result.attach(owner);
            return result;
        }
    }

    private NDArray weightedLogits(NDArray z1Rows, long rowOffset, NDArray z2, NDArray z3) {
        NDArray u = unit(z1Rows);
        NDArray logits = u.matMul(unit(z2).transpose());
        logits = logits.div(Scalars.of(logits, temperature));
        if (z3 == null) {
            return logits;
        }
        NDArray negatives = u.matMul(unit(z3).transpose());
        negatives = negatives.div(Scalars.of(negatives, temperature));
        NDArray all = logits.concat(negatives, 1);
        return all.add(hardNegativeWeights(z1Rows, rowOffset, z2.getShape().get(0)));
    }

    /** x / max(||x||, eps), row-wise. */
    private static NDArray unit(NDArray x) {
        NDArray norm = x.norm(new int[] {1}, true);
        return x.div(norm.maximum(Scalars.of(norm, COSINE_EPS)));
    }

    /** b × 2B zeros with the weight at (i, B + offset + i): each anchor's own hard negative. */
    private NDArray hardNegativeWeights(NDArray z1Rows, long rowOffset, long batch) {
        int rows = Math.toIntExact(z1Rows.getShape().get(0));
        int cols = Math.toIntExact(2 * batch);
        double[] w = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            w[i * cols + (int) (batch + rowOffset) + i] = hardNegativeWeight;
        }
        // copy=true: a torch-owned copy, never the Java-buffer-backed array (see Scalars)
        return z1Rows.getManager().create(w, new Shape(rows, cols)).toType(z1Rows.getDataType(), true);
    }

    /** mean over rows of -log softmax(logits)[i, offset + i]. */
    private static NDArray crossEntropy(NDArray logits, long rowOffset) {
        int rows = Math.toIntExact(logits.getShape().get(0));
        int cols = Math.toIntExact(logits.getShape().get(1));
        double[] oneHot = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            oneHot[i * cols + (int) rowOffset + i] = 1.0;
        }
        // copy=true: autograd keeps the target for backward, so it must live in torch-owned memory (see Scalars)
        NDArray target = logits.getManager().create(oneHot, new Shape(rows, cols)).toType(logits.getDataType(), true);
        NDArray total = logits.logSoftmax(1).mul(target).sum().neg();
        return total.div(Scalars.of(total, rows));
    }

    private static void validate(NDArray z1Rows, long rowOffset, NDArray z2, NDArray z3) {
        requireMatrix("z1", z1Rows);
        requireMatrix("z2", z2);
        long b = z1Rows.getShape().get(0);
        long batch = z2.getShape().get(0);
        long d = z1Rows.getShape().get(1);
        if (z2.getShape().get(1) != d || z2.getDataType() != z1Rows.getDataType()) {
            throw new IllegalArgumentException("InfoNCE: z2 must be " + z1Rows.getDataType() + " (B, " + d
                    + "), got " + z2.getDataType() + " " + z2.getShape());
        }
        if (z3 != null) {
            requireMatrix("z3", z3);
            if (!z3.getShape().equals(z2.getShape()) || z3.getDataType() != z2.getDataType()) {
                throw new IllegalArgumentException("InfoNCE: hard negatives z3 must match z2 " + z2.getDataType() + " "
                        + z2.getShape() + " (one per positive), got " + z3.getDataType() + " " + z3.getShape());
            }
        }
        if (b == 0 || rowOffset < 0 || rowOffset + b > batch) {
            throw new IllegalArgumentException("InfoNCE: anchor rows " + rowOffset + ".." + (rowOffset + b - 1)
                    + " must lie inside the batch of " + batch + " positives");
        }
    }

    private static void requireMatrix(String what, NDArray z) {
        if (z == null) {
            throw new IllegalArgumentException("InfoNCE: " + what + " is null");
        }
        DataType t = z.getDataType();
        if (z.getShape().dimension() != 2 || (t != DataType.FLOAT32 && t != DataType.FLOAT64)) {
            throw new IllegalArgumentException("InfoNCE: " + what + " must be a float32/float64 matrix (rows, dim), got "
                    + t + " " + z.getShape());
        }
    }
}
