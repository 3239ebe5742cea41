package sentemb.model.weights;

/**
 * A checkpoint file that cannot be read as asked: malformed, truncated, an unsupported dtype,
 * a refused pickle global, or a tensor of the wrong shape. The message names the file and,
 * where there is one, the tensor.
 */
public class WeightFormatException extends IllegalArgumentException {

    public WeightFormatException(String message) {
        super(message);
    }

    public WeightFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
