package sentemb.engine;

import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Java threads for the element-wise work sentemb does itself on CPU tensor memory (the AdamW
 * update, dropout masks) while libtorch waits: as many daemon threads as libtorch has intra-op
 * threads ({@code SENTEMB_THREADS}, else every core), so the work uses the cores the user gave
 * the engine, and no more.
 */
public final class CpuWorkers {
    private static volatile ExecutorService pool;

    private CpuWorkers() {}

    /** Threads the work is spread over. */
    public static int threads() {
        return Math.max(1, JniUtils.getNumThreads());
    }

    /**
     * Runs every task and returns when all are done (one task runs on the calling thread). A
     * failure is rethrown after the others have finished or been cancelled.
     */
    public static void run(List<Runnable> tasks) {
        if (tasks.size() == 1) {
            tasks.get(0).run();
            return;
        }
        ExecutorService p = pool();
        List<Future<?>> done = new ArrayList<>(tasks.size());
        for (Runnable r : tasks) {
            done.add(p.submit(r));
        }
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            done.forEach(f -> f.cancel(false));
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for CPU workers", e);
        } catch (ExecutionException e) {
            done.forEach(f -> f.cancel(false));
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static ExecutorService pool() {
        ExecutorService p = pool;
        if (p == null) {
            synchronized (CpuWorkers.class) {
                p = pool;
                if (p == null) {
                    p = Executors.newFixedThreadPool(threads(), r -> {
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
