package sentemb.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM (a scheduler's preemption) and SIGINT (Ctrl-C) while training: the first asks the
 * loop to finish its current step, write a checkpoint and stop; a second one exits at once
 * with status 128 + the signal's number. Exiting at once is safe because every save is
 * atomic: the last good checkpoint stays intact whatever the moment.
 *
 * <p>Why {@code sun.misc.Signal} and not a shutdown hook: a hook runs only once the JVM has
 * already decided to exit. The loop could not return normally, the exit status could not be
 * chosen, a second signal would go unseen (the JVM ignores signals while its hooks run), and
 * the save would race the other hooks (logging, DJL's engine) that tear down what it needs.
 * The handler here only sets a flag; the training thread does the work. The JVM's own
 * handlers are put back when training ends, so the rest of the command behaves as usual.
 */
final class StopSignals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();
    private volatile Signal received;

    private StopSignals() {}

    static StopSignals install() {
        StopSignals s = new StopSignals();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal sig = new Signal(name);
            try {
                s.previous.put(sig, Signal.handle(sig, s::handle));
            } catch (IllegalArgumentException e) {
                // e.g. the JVM runs with -Xrs: the signal keeps its default effect
                LOG.warn("cannot catch SIG{} ({}): it will stop training without a checkpoint", name, e.getMessage());
            }
        }
        return s;
    }

    private void handle(Signal sig) {
        if (received != null) {
            System.err.println("sentemb: second signal (SIG" + sig.getName() + "): exiting now; the last saved checkpoint is intact");
            System.err.flush();
            Runtime.getRuntime().halt(128 + sig.getNumber());
        }
        received = sig;
        LOG.warn("SIG{} received: finishing the current step, then saving a checkpoint and stopping"
                + " (send it again to exit at once)", sig.getName());
    }

    /** The stop asked for so far, if any. */
    Optional<Trainer.Stop> requested() {
        Signal s = received;
        return s == null ? Optional.empty() : Optional.of(new Trainer.Stop(s.getName(), 128 + s.getNumber()));
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
