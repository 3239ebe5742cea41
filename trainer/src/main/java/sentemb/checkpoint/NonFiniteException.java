package sentemb.checkpoint;

/** Weights or optimizer state hold inf or NaN, so no checkpoint is written from them (exit 2: the recipe needs fixing). */
public class NonFiniteException extends IllegalArgumentException {
    public NonFiniteException(String message) {
        super(message);
    }
}
