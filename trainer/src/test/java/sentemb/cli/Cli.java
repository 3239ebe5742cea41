package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/** Runs {@link Main} in-process with stdout and stderr captured. */
final class Cli {
    private Cli() {}

    /** What one command line produced. */
    record Result(List<String> args, int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "sentemb " + String.join(" ", args) + "\n  exit " + exitCode + "\n  stdout: " + out + "\n  stderr: " + err;
        }
    }

    /** Arguments may be strings, paths or numbers; each becomes one argument. */
    static Result run(Object... args) {
        String[] a = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), a);
        return new Result(List.of(a), code, out.toString(), err.toString());
    }

    /** Runs and requires exit code 0. */
    static Result ok(Object... args) {
        Result r = run(args);
        assertEquals(0, r.exitCode(), () -> "expected success: " + r);
        return r;
    }

    /**
     * Runs and requires bad-input handling: exit 2, nothing on stdout, and exactly one line on
     * stderr, {@code sentemb <verb>: error: ...}, that contains every fragment.
     */
    static Result badInput(Object[] args, String... fragments) {
        Result r = run(args);
        assertEquals(2, r.exitCode(), () -> "expected exit 2: " + r);
        assertEquals("", r.out(), () -> "expected nothing on stdout: " + r);
        assertEquals(1, r.errLines().size(), () -> "expected exactly one line on stderr: " + r);
        String line = r.errLines().get(0);
        String verb = String.valueOf(args[0]);
        assertTrue(line.startsWith("sentemb " + verb + ": error: "), () -> "expected 'sentemb " + verb + ": error: ...': " + r);
        for (String f : fragments) {
            assertTrue(line.contains(f), () -> "expected the message to contain '" + f + "': " + r);
        }
        return r;
    }

    static Object[] args(Object... args) {
        return args;
    }
}
