package sentemb.engine;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C heap that libtorch's tensors live in. glibc's malloc keeps memory that was freed: the
 * varying batch shapes of training leave free chunks in its arenas, so RSS grows over a run while
 * the live tensors stay the same (docs/bench.md, "Memory"). {@link #trim()} calls glibc's
 * {@code malloc_trim(0)}, which hands the free pages of every arena back to the system.
 *
 * <p>Only glibc has {@code malloc_trim}: elsewhere (macOS, musl, Windows) {@link #trim()} does
 * nothing, and says so once at DEBUG.
 */
public final class NativeHeap {
    private static final Logger LOG = LoggerFactory.getLogger(NativeHeap.class);

    /** Looks up a function of the C library; throws {@link UnsatisfiedLinkError} when it has none of that name. */
    interface CLibrary {
        Function function(String name);
    }

    private final Function mallocTrim;
    private final String state;
    private final AtomicBoolean unavailableSaid = new AtomicBoolean();

    NativeHeap(CLibrary libc) {
        Function trim = null;
        String s;
        try {
            // gnu_get_libc_version exists only in glibc: it tells glibc from a libc that merely has a malloc_trim
            String version = libc.function("gnu_get_libc_version").invokeString(new Object[0], false);
            trim = libc.function("malloc_trim");
            s = "glibc " + version + ": malloc_trim available";
        } catch (LinkageError | RuntimeException e) {
            s = "no glibc malloc_trim on " + System.getProperty("os.name") + " (" + e.getMessage()
                    + "): freed native memory stays with the C allocator";
        }
        this.mallocTrim = trim;
        this.state = s;
    }

    /** This process's C library. */
    public static NativeHeap system() {
        return SystemHolder.INSTANCE;
    }

    private static final class SystemHolder {
        static final NativeHeap INSTANCE = new NativeHeap(
                name -> NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction(name));
    }

    /** Whether {@link #trim()} reaches glibc's {@code malloc_trim}. */
    public boolean available() {
        return mallocTrim != null;
    }

    /** The glibc version and that trimming works, or why it does not. */
    public String describe() {
        return state;
    }

    /**
     * {@code malloc_trim(0)}: returns every arena's free pages to the system. Takes milliseconds
     * (it walks the free lists). A no-op where there is no glibc.
     *
     * @return whether memory was handed back (glibc's answer); empty where there is no glibc
     */
    public Optional<Boolean> trim() {
        if (mallocTrim == null) {
            if (unavailableSaid.compareAndSet(false, true)) {
                LOG.debug("{}", state);
            }
            return Optional.empty();
        }
        return Optional.of(mallocTrim.invokeInt(new Object[] {new NativeLong(0)}) == 1);
    }

    /**
     * The training loops' hook (the trainer's and the benchmark's, so the benchmark measures what
     * training does): trims after every {@code every}-th step; {@code every == 0} is off.
     *
     * @return whether it trimmed (tried to) at this step
     */
    public boolean afterStep(long step, int every) {
        if (every < 0) {
            throw new IllegalArgumentException("trim interval must be >= 0 steps (0 = off), got " + every);
        }
        if (every == 0 || step % every != 0) {
            return false;
        }
        trim();
        return true;
    }
}
