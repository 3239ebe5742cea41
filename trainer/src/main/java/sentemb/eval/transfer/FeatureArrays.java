package sentemb.eval.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Dense float rows into one (n, d) DJL array. */
final class FeatureArrays {
    private FeatureArrays() {}

    static NDArray of(NDManager manager, float[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("no feature rows");
        }
        int d = rows[0].length;
        float[] flat = new float[Math.multiplyExact(rows.length, d)];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("feature row " + i + " has " + rows[i].length
                        + " values, expected " + d);
            }
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        return manager.create(flat, new Shape(rows.length, d));
    }
}
