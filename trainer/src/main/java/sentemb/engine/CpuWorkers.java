package sentemb.engine;

import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Java threads for the element-wise work sentemb does itself on CPU tensor memory (the AdamW
 * update, dropout masks) while libtorch waits. The calling thread always takes a share, so a
 * job never waits for a pool thread to wake when it need not: work too small to be worth
 * splitting, or a caller whose libtorch has one intra-op thread (a replica on its own core),
 * runs entirely on the caller. Otherwise it is split in as many shares as libtorch has intra-op
 * threads ({@code SENTEMB_THREADS}, else every core), the others run on a shared daemon pool.
 */
public final class CpuWorkers {
    /** Below this many elements a job runs on the calling thread alone. */
    public static final int MIN_SPLIT = 1 << 16;

    private static volatile ExecutorService pool;

    private CpuWorkers() {}

    /** Shares a job of {@code elements} elements is cut into. */
    public static int shares(long elements) {
        int threads = Math.max(1, JniUtils.getNumThreads());
        return elements < MIN_SPLIT ? 1 : (int) Math.min(threads, elements / (MIN_SPLIT / 2));
    }

    /**
     * Runs {@code share.accept(i)} for every {@code i < shares}, share 0 on the calling thread,
     * and returns when all are done. A failure is rethrown after every share has finished.
     */
    public static void run(int shares, IntConsumer share) {
        if (shares <= 1) {
            share.accept(0);
            return;
        }
        ExecutorService p = pool();
        List<Future<?>> others = new ArrayList<>(shares - 1);
        for (int i = 1; i < shares; i++) {
            int index = i;
            others.add(p.submit(() -> share.accept(index)));
        }
        RuntimeException mine = null;
        try {
            share.accept(0);
        } catch (RuntimeException e) {
            mine = e;
        }
        boolean interrupted = false;
        for (Future<?> f : others) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the shares write into arrays the caller owns: wait for them regardless
                } catch (ExecutionException e) {
                    if (mine == null) {
                        Throwable cause = e.getCause();
                        mine = cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine != null) {
            throw mine;
        }
    }

    /** The {@code [from, to)} bounds of share {@code i} of {@code shares} over {@code n} elements, in multiples of {@code align}. */
    public static long bound(long n, int shares, int i, int align) {
        long per = (n / shares + align - 1) / align * align;
        return Math.min(n, per * i);
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (CpuWorkers.class) {
                p = pool;
                if (p == null) {
                    p = Executors.newCachedThreadPool(r -> {
                        Thread t = new Thread(r, "sentemb-cpu-worker");
                        t.setDaemon(true);
                        return t;
                    });
                    pool = p;
                }
            }
        }
        return p;
    }
}
