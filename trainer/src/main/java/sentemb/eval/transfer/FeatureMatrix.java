package sentemb.eval.transfer;

/** Dense float feature rows, row-major in one array: row i is {@code data[i*cols, (i+1)*cols)}. */
final class FeatureMatrix {
    private final float[] data;
    private final int rows;
    private final int cols;

    FeatureMatrix(float[] rowMajor, int rows, int cols) {
        if (rows < 1 || cols < 1 || (long) rows * cols != rowMajor.length) {
            throw new IllegalArgumentException("feature matrix " + rows + "x" + cols + " cannot hold "
                    + rowMajor.length + " values");
        }
        this.data = rowMajor;
        this.rows = rows;
        this.cols = cols;
    }

    static FeatureMatrix of(float[][] rowArrays) {
        if (rowArrays.length == 0) {
            throw new IllegalArgumentException("no feature rows");
        }
        int d = rowArrays[0].length;
        float[] flat = new float[Math.multiplyExact(rowArrays.length, d)];
        for (int i = 0; i < rowArrays.length; i++) {
            if (rowArrays[i].length != d) {
                throw new IllegalArgumentException("feature row " + i + " has " + rowArrays[i].length
                        + " values, expected " + d);
            }
            System.arraycopy(rowArrays[i], 0, flat, i * d, d);
        }
        return new FeatureMatrix(flat, rowArrays.length, d);
    }

    /** The rows {@code indices}, in that order (numpy's {@code X[indices]}). */
    FeatureMatrix rows(int[] indices) {
        float[] out = new float[Math.multiplyExact(indices.length, cols)];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(data, Math.multiplyExact(indices[i], cols), out, i * cols, cols);
        }
        return new FeatureMatrix(out, indices.length, cols);
    }

    int rows() {
        return rows;
    }

    int cols() {
        return cols;
    }

    /** The backing array (not copied; callers only read it). */
    float[] data() {
        return data;
    }
}
