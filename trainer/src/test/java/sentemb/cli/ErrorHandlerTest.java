package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import sentemb.checkpoint.CorruptCheckpointException;
import sentemb.recipe.RecipeException;

/** {@link ErrorHandler}: one line per failure, the right exit code, a stack trace only when asked. */
class ErrorHandlerTest {
    @Command(name = "verb")
    static final class Thrower implements Callable<Integer> {
        private final Throwable toThrow;

        Thrower(Throwable toThrow) {
            this.toThrow = toThrow;
        }

        @Override
        public Integer call() throws Exception {
            if (toThrow instanceof Error e) {
                throw e;
            }
            throw (Exception) toThrow;
        }
    }

    private record Outcome(int exitCode, List<String> errLines) {}

    private static Outcome fail(Throwable ex, boolean debug) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Thrower(ex));
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        cl.setExecutionExceptionHandler(new ErrorHandler(debug));
        int code = Main.execute(cl, new String[0], debug);
        return new Outcome(code, err.toString().lines().toList());
    }

    private static String oneLine(Throwable ex, int expectedExit) {
        Outcome o = fail(ex, false);
        assertEquals(expectedExit, o.exitCode(), () -> ex + " -> " + o);
        assertEquals(1, o.errLines().size(), () -> ex + " -> " + o);
        assertTrue(o.errLines().get(0).startsWith("verb: error: "), o::toString);
        return o.errLines().get(0).substring("verb: error: ".length());
    }

    @Test
    void badInputExitsTwoAnythingElseOne() {
        assertEquals("bad flag", oneLine(new IllegalArgumentException("bad flag"), 2));
        assertEquals("no such file or directory: /x/y", oneLine(new NoSuchFileException("/x/y"), 2));
        assertEquals("ckpt damaged", oneLine(new CorruptCheckpointException("ckpt damaged"), 2));
        assertEquals("out of luck", oneLine(new IllegalStateException("out of luck"), 1));
        assertEquals("disk full", oneLine(new IOException("disk full"), 1));
    }

    @Test
    void multiLineMessagesBecomeOneLine() {
        assertEquals("first line second line", oneLine(new IllegalArgumentException("first line\n   second line\n"), 2));
        RecipeException recipe = new RecipeException("r.conf", List.of("unknown key 'a.b'; did you mean 'a.c'?", "x: expected a number"));
        assertTrue(recipe.getMessage().contains("\n"), "premise: RecipeException lists its problems on separate lines");
        assertEquals("recipe r.conf: unknown key 'a.b'; did you mean 'a.c'?; x: expected a number", oneLine(recipe, 2));
    }

    @Test
    void wrappersArePeeledAndIoCausesKept() {
        assertEquals("inner", oneLine(new RuntimeException(new IllegalArgumentException("inner")), 2));
        assertEquals("inner", oneLine(new java.util.concurrent.ExecutionException(new IllegalStateException("inner")), 1));
        assertEquals("cannot read data.csv: not valid UTF-8 text",
                oneLine(new UncheckedIOException("cannot read data.csv", new MalformedInputException(1)), 2));
    }

    @Test
    void nativeDumpsAreCut() {
        String line = oneLine(new RuntimeException("x".repeat(5000) + "\n" + "y".repeat(5000)), 1);
        assertTrue(line.length() < ErrorMessages.MAX_CHARS + 100, "length " + line.length());
        assertTrue(line.endsWith("(set SENTEMB_DEBUG=1 for the rest)"), line);
    }

    @Test
    void errorsThatPicocliLetsThroughGetOneLineToo() {
        String line = oneLine(new OutOfMemoryError("Java heap space"), 1);
        assertTrue(line.startsWith("out of memory (Java heap space): give Java more with JAVA_OPTS=-Xmx"), line);
        assertEquals("UnsatisfiedLinkError: no torch in java.library.path",
                oneLine(new UnsatisfiedLinkError("no torch in java.library.path"), 1));
    }

    @Test
    void debugAddsTheStackTraceAfterTheLine() {
        Outcome o = fail(new IllegalArgumentException("bad flag"), true);
        assertEquals(2, o.exitCode());
        assertEquals("verb: error: bad flag", o.errLines().get(0));
        assertTrue(o.errLines().size() > 2, o::toString);
        assertEquals("java.lang.IllegalArgumentException: bad flag", o.errLines().get(1));
        assertTrue(o.errLines().get(2).strip().startsWith("at sentemb.cli.ErrorHandlerTest"), o::toString);
    }
}
