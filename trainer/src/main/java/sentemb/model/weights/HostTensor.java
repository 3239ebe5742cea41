package sentemb.model.weights;

import java.util.Arrays;

/**
 * A tensor read from (or about to be written to) a checkpoint file, widened to fp32 on the
 * JVM heap. {@code source} names the file it came from, for error messages.
 */
public record HostTensor(String name, long[] shape, float[] data, String source) {

    public HostTensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor '" + name + "' in " + source + ": shape "
                    + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
    }

    public long numel() {
        return data.length;
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }
}
