package sentemb.eval.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds, fits and scores the classifiers of a protocol (SentEval builds a fresh one per fit),
 * and runs independent fits on several threads. Each fit is single-threaded and owns its
 * generator, so results do not depend on the thread count or on scheduling.
 */
final class FitRunner {
    private final ClassifierConfig config;
    private final int dim;
    private final int numClasses;
    private final long seed;
    private final InitialWeights init;
    private final int threads;

    FitRunner(ClassifierConfig config, int dim, int numClasses, long seed, InitialWeights init, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("classifier threads must be >= 1, got " + threads);
        }
        this.config = config;
        this.dim = dim;
        this.numClasses = numClasses;
        this.seed = seed;
        this.init = init;
        this.threads = threads;
    }

    ClassifierConfig config() {
        return config;
    }

    /** Fit with early stopping on (devX, devY) and return the dev accuracy as a fraction. */
    double fitScoreOnDev(FeatureMatrix trainX, int[] trainY, FeatureMatrix devX, int[] devY, double l2) {
        SoftmaxRegression clf = newClassifier(l2);
        clf.fit(trainX, trainY, devX, devY);
        return clf.score(devX, devY);
    }

    /** Fit with early stopping on (devX, devY), then predict testX. */
    int[] fitPredict(FeatureMatrix trainX, int[] trainY, FeatureMatrix devX, int[] devY, FeatureMatrix testX,
                     double l2) {
        SoftmaxRegression clf = newClassifier(l2);
        clf.fit(trainX, trainY, devX, devY);
        return clf.predict(testX);
    }

    /** Fit holding out {@code validationSplit} of the training rows for early stopping, then predict. */
    int[] fitValidationSplitPredict(FeatureMatrix trainX, int[] trainY, FeatureMatrix testX, double l2) {
        SoftmaxRegression clf = newClassifier(l2);
        clf.fitWithValidationSplit(trainX, trainY);
        return clf.predict(testX);
    }

    /** Runs independent jobs on up to {@code threads} threads; results in the jobs' order. */
    <T> List<T> all(List<Callable<T>> jobs) {
        int n = Math.min(threads, jobs.size());
        if (n <= 1) {
            List<T> out = new ArrayList<>(jobs.size());
            for (Callable<T> job : jobs) {
                out.add(call(job));
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "transfer-fit");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>(jobs.size());
            for (Callable<T> job : jobs) {
                futures.add(pool.submit(job));
            }
            List<T> out = new ArrayList<>(jobs.size());
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            throw rethrow(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fitting transfer classifiers", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> T call(Callable<T> job) {
        try {
            return job.call();
        } catch (Exception e) {
            throw rethrow(e);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(t);
    }

    private SoftmaxRegression newClassifier(double l2) {
        return new SoftmaxRegression(config, dim, numClasses, l2, seed, init);
    }
}
