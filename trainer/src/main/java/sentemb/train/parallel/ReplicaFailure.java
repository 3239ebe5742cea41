package sentemb.train.parallel;

/** A task that failed on a replica's thread, with the replica's index in the message. */
public final class ReplicaFailure extends RuntimeException {
    private final int replica;

    public ReplicaFailure(int replica, Throwable cause) {
        super("replica " + replica + ": " + describe(cause), cause);
        this.replica = replica;
    }

    public int replica() {
        return replica;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
