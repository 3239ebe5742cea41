package sentemb.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine's fp32 matmul peak as DJL reaches it (a 2048×768 by 768×768 product, the
 * reference point for every GFLOP/s fraction) and the main kernels of an OPT-125m layer at
 * benchmark sizes: the linear layers (as the model calls them, {@code x Wᵀ}) and the batched
 * attention product.
 */
final class KernelBench {
    static final int PEAK_M = 2048;
    static final int PEAK_K = 768;
    static final int PEAK_N = 768;
    private static final int WARMUP = 3;
    private static final int REPEATS = 10;

    private KernelBench() {}

    /** Median GFLOP/s of the reference matmul. */
    static BenchRow peak(NDManager root) {
        try (NDManager m = root.newSubManager()) {
            NDArray a = m.randomNormal(0, 1, new Shape(PEAK_M, PEAK_K), DataType.FLOAT32);
            NDArray b = m.randomNormal(0, 1, new Shape(PEAK_K, PEAK_N), DataType.FLOAT32);
            Timing t = time(m, () -> a.matMul(b));
            double flops = 2.0 * PEAK_M * PEAK_K * PEAK_N;
            return new BenchRow("kernels", "-", "matmul " + PEAK_M + "x" + PEAK_K + "x" + PEAK_N, "peak").withTiming(t)
                    .withFlops(flops, t.median(), flops / 1e9 / t.median())
                    .with("note", "reference peak: median of " + REPEATS + " after " + WARMUP + " warm-up");
        }
    }

    /** Linear layers of opt-125m on {@code tokens} positions, and its attention scores product. */
    static List<BenchRow> mainKernels(NDManager root, int tokens, int batch, int seqLen, double peakGflops) {
        List<BenchRow> rows = new ArrayList<>();
        try (NDManager m = root.newSubManager()) {
            int h = 768;
            int f = 3072;
            int[][] linears = {{h, h}, {h, f}, {f, h}};
            String[] names = {"q/k/v/out_proj", "fc1", "fc2"};
            for (int i = 0; i < linears.length; i++) {
                int in = linears[i][0];
                int out = linears[i][1];
                NDArray x = m.randomNormal(0, 1, new Shape(tokens, in), DataType.FLOAT32);
                NDArray w = m.randomNormal(0, 1, new Shape(out, in), DataType.FLOAT32);
                Timing t = time(m, () -> Linear.linear(x, w).singletonOrThrow());
                double flops = 2.0 * tokens * in * out;
                rows.add(new BenchRow("kernels", "opt-125m", "linear " + names[i] + " " + tokens + "x" + in + "->" + out, "x·Wᵀ")
                        .withTiming(t).withFlops(flops, t.median(), peakGflops));
            }
            int heads = 12;
            int d = 64;
            NDArray q = m.randomNormal(0, 1, new Shape(batch, heads, seqLen, d), DataType.FLOAT32);
            NDArray k = m.randomNormal(0, 1, new Shape(batch, heads, d, seqLen), DataType.FLOAT32);
            Timing t = time(m, () -> q.matMul(k));
            double flops = 2.0 * batch * heads * seqLen * seqLen * d;
            rows.add(new BenchRow("kernels", "opt-125m", "attention q·kᵀ " + batch + "x" + heads + "x" + seqLen + "x" + d,
                    "batched matmul").withTiming(t).withFlops(flops, t.median(), peakGflops));
        }
        return rows;
    }

    /** Times {@code op}, closing each result so memory stays flat. */
    private static Timing time(NDManager m, java.util.function.Supplier<NDArray> op) {
        return Timing.measure(WARMUP, REPEATS, () -> op.get().close());
    }
}
