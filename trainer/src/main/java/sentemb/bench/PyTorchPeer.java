package sentemb.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The PyTorch baseline as a second process that runs training steps when asked ({@code
 * scripts/bench_pytorch.py --serve}), so that the two engines' steps alternate within seconds
 * of each other: a machine whose speed drifts over minutes (shared hosts) then slows both alike,
 * and their ratio is measured, not the drift. The peer idles on its input while Java runs, and
 * Java waits on the peer's reply while it runs, so each gets the whole machine in turn.
 */
final class PyTorchPeer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Writer in;
    private final BufferedReader out;
    private final String description;

    /** What the peer reports about a case it built: the positions it computes and its FLOPs. */
    record Case(long tokens, long paddedTokens, double gflop) {}

    /** One timed step: wall-clock and process CPU seconds. */
    record Step(double wallSeconds, double cpuSeconds) {}

    private PyTorchPeer(Process process, String description) {
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.description = description;
    }

    /** Starts {@code python script --serve --inputs inputs} and waits for it to say it is ready. */
    static PyTorchPeer start(String python, Path script, Path inputs) {
        List<String> command = List.of(python, script.toString(), "--serve", "--inputs", inputs.toString());
        Process p;
        try {
            p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("bench: cannot start the PyTorch peer " + String.join(" ", command)
                    + ": " + e.getMessage(), e);
        }
        PyTorchPeer peer = new PyTorchPeer(p, String.join(" ", command));
        JsonNode hello = peer.read();
        if (!hello.path("ready").asBoolean()) {
            peer.close();
            throw new IllegalStateException("bench: the PyTorch peer did not start: " + hello);
        }
        return peer;
    }

    /** Builds the case on the peer (one untimed step included). */
    Case begin(String shape, String mode) {
        JsonNode r = request("train " + shape + " " + mode);
        return new Case(r.path("tokens").asLong(), r.path("padded_tokens").asLong(), r.path("gflop").asDouble());
    }

    /** Builds an embedding case of the inputs file on the peer (one untimed run over its batches included). */
    void beginEmbedding(String shape, String caseName) {
        request("embed " + shape + " " + caseName);
    }

    /** One timed training step, or one run over an embedding case's batches. */
    Step step() {
        JsonNode r = request("step");
        return new Step(r.path("wall_s").asDouble(), r.path("cpu_s").asDouble());
    }

    /** Drops the case; returns the peer's peak RSS (MB) since the case began. */
    double end() {
        return request("end").path("peak_rss_mb").asDouble(Double.NaN);
    }

    private JsonNode request(String command) {
        try {
            in.write(command + "\n");
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("bench: the PyTorch peer stopped reading (" + description + ")", e);
        }
        return read();
    }

    private JsonNode read() {
        String line;
        try {
            line = out.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("bench: cannot read from the PyTorch peer (" + description + ")", e);
        }
        if (line == null) {
            throw new IllegalStateException("bench: the PyTorch peer exited (see its messages above): " + description);
        }
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new IllegalStateException("bench: the PyTorch peer wrote '" + line + "', not a JSON reply", e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // the peer is gone already
        }
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
