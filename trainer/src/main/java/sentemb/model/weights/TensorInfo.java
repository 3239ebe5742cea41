package sentemb.model.weights;

import java.util.Arrays;

/**
 * What a checkpoint file says about one tensor before its data is read: name as stored in
 * the file, element type, shape, and the file it lives in.
 */
public record TensorInfo(String name, DType dtype, long[] shape, String source) {

    public TensorInfo {
        shape = shape.clone();
    }

    /** Number of elements (1 for a 0-d tensor). */
    public long numel() {
        return numel(shape);
    }

    /** Bytes the tensor's data takes in the file. */
    public long byteSize() {
        return numel() * dtype.byteSize();
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    static long numel(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
