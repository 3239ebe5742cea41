package sentemb.checkpoint;

/** A checkpoint directory that is incomplete or damaged and must not be loaded. */
public class CorruptCheckpointException extends RuntimeException {
    public CorruptCheckpointException(String message) {
        super(message);
    }
}
