package sentemb.train.parallel;

import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One platform thread per replica, created once and reused for every step: pass 1 (forward)
 * and pass 3 (backward) of replica {@code i} always run on thread {@code i}. Concurrent mode
 * starts every replica's task at once; sequential mode runs them one after another on the
 * same threads, so the two modes differ only in overlap.
 *
 * <p>Every task is joined before a call returns, failed or not (DJL's own {@code EasyTrain}
 * leaves its futures unjoined): a failure surfaces as {@link ReplicaFailure} naming the
 * lowest failing replica, only after all replicas have stopped touching their arrays, and the
 * threads stay usable for the next step.
 */
public final class ReplicaThreads implements AutoCloseable {
    /** Work for one replica; {@code replica} is its index. */
    @FunctionalInterface
    public interface Task<T> {
        T run(int replica) throws Exception;
    }

    private final List<ExecutorService> threads = new ArrayList<>();
    private final boolean concurrent;

    /**
     * @param replicas number of replicas (one thread each)
     * @param concurrent start all replicas' tasks at once, or one after another
     */
    public ReplicaThreads(int replicas, boolean concurrent) {
        this(new int[replicas], concurrent);
    }

    /**
     * @param intraOpThreads per replica thread, the libtorch intra-op threads its ops use (0: the
     *     engine's setting). libtorch keeps this per thread (OpenMP's and MKL's thread-local
     *     setting), so replicas on one CPU can each run their ops on their own share of the cores.
     * @param concurrent start all replicas' tasks at once, or one after another
     */
    public ReplicaThreads(int[] intraOpThreads, boolean concurrent) {
        this.concurrent = concurrent;
        for (int i = 0; i < intraOpThreads.length; i++) {
            String name = "sentemb-replica-" + i;
            threads.add(Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true); // a step that was never closed must not keep the JVM alive
                return t;
            }));
        }
        int engineThreads = JniUtils.getNumThreads();
        boolean changed = false;
        for (int i = 0; i < intraOpThreads.length; i++) {
            int n = intraOpThreads[i];
            if (n > 0 && n != engineThreads) {
                on(i, replica -> {
                    // libtorch sets a thread's count from the engine's default on the thread's first
                    // call (once); make that call first, so the setting below is the last word
                    JniUtils.getNumThreads();
                    JniUtils.setNumThreads(n); // this thread's setting (and, for now, the engine's default)
                    return null;
                });
                changed = true;
            }
        }
        if (changed) {
            JniUtils.setNumThreads(engineThreads); // the default for every other thread, as it was
        }
    }

    /** Runs {@code task} on replica {@code replica}'s thread and waits for it. */
    public <T> T on(int replica, Task<T> task) {
        Future<T> f = threads.get(replica).submit(() -> task.run(replica));
        return join(replica, f);
    }

    /** Runs {@code task(i)} on thread {@code i} for every replica; results in replica order. */
    public <T> List<T> forEach(Task<T> task) {
        List<T> results = new ArrayList<>(threads.size());
        ReplicaFailure first = null;
        if (concurrent) {
            List<Future<T>> futures = new ArrayList<>(threads.size());
            for (int i = 0; i < threads.size(); i++) {
                int replica = i;
                futures.add(threads.get(i).submit(() -> task.run(replica)));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    results.add(join(i, futures.get(i)));
                } catch (ReplicaFailure e) {
                    results.add(null);
                    first = first == null ? e : first;
                }
            }
        } else {
            for (int i = 0; i < threads.size(); i++) {
                results.add(on(i, task)); // a failure stops the sequence: later replicas never start
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    /** Waits for {@code f} even if this thread is interrupted (the task still owns native arrays). */
    private static <T> T join(int replica, Future<T> f) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new ReplicaFailure(replica, e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        for (ExecutorService t : threads) {
            t.shutdown();
        }
        for (ExecutorService t : threads) {
            try {
                t.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
