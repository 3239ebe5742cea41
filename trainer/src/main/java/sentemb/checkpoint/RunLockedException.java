package sentemb.checkpoint;

/** Another process trains into the run folder (it holds the folder's {@link RunLock}); the command exits 2. */
public class RunLockedException extends IllegalArgumentException {
    public RunLockedException(String message) {
        super(message);
    }
}
