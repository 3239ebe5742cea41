package sentemb.eval.transfer;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * Runs classifier work with one libtorch intra-op thread and restores the previous count.
 * The classifier's tensors are tiny (a batch of 64 rows, 2-6 classes), where intra-op
 * threading only adds synchronisation: on a busy 2-core machine one small CV task took 28 s
 * with the default thread count and 4 s with one thread. The count is process-wide in
 * libtorch, so do not run an encoder in another thread meanwhile.
 */
final class TorchThreads {
    private TorchThreads() {}

    static <T> T single(Supplier<T> work) {
        if (!"PyTorch".equals(Engine.getInstance().getEngineName())) {
            return work.get();
        }
        int before = JniUtils.getNumThreads();
        if (before == 1) {
            return work.get();
        }
        JniUtils.setNumThreads(1);
        try {
            return work.get();
        } finally {
            JniUtils.setNumThreads(before);
        }
    }
}
