package sentemb.model.weights;

import java.util.Arrays;

/** Shape checks whose errors name the tensor, its file, and both shapes. */
public final class TensorShapes {

    private TensorShapes() {}

    /** Throws unless {@code t} has exactly {@code expected} shape. */
    public static HostTensor expectShape(HostTensor t, long... expected) {
        expectShape(t.name(), t.source(), t.shape(), expected);
        return t;
    }

    /** Throws unless the tensor described by {@code info} has exactly {@code expected} shape. */
    public static TensorInfo expectShape(TensorInfo info, long... expected) {
        expectShape(info.name(), info.source(), info.shape(), expected);
        return info;
    }

    /** Throws a {@link WeightFormatException} naming tensor, file and both shapes on mismatch. */
    public static void expectShape(String name, String source, long[] actual, long[] expected) {
        if (!Arrays.equals(actual, expected)) {
            throw new WeightFormatException("tensor '" + name + "' in " + source + ": expected shape "
                    + Arrays.toString(expected) + ", found " + Arrays.toString(actual));
        }
    }
}
