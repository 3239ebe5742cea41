package sentemb.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sentemb.eval.PromptEolEncoder;
import sentemb.io.AtomicFiles;
import sentemb.model.DecoderModel;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;

/**
 * {@code sentemb embed}: one vector per input line, streamed in chunks so memory stays flat
 * for any corpus size: read a chunk of lines, tokenize and check them, embed (sorted by
 * length inside the chunk), write the rows in input order, repeat.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embed one sentence per input line, streaming (constant memory); writes JSONL {\"text\",\"embedding\"} or a",
            "float32 .npy matrix, and FILE.meta.json beside a file output (model, representation, clean-up, normalisation).",
            "Unlike eval, embed does not apply the reference's evaluation text clean-up unless --cleanup is given, so the",
            "same model gives eval's vectors only with --cleanup."})
final class EmbedCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(EmbedCommand.class);
    static final String META_SUFFIX = ".meta.json";

    @Mixin
    EncoderOptions model;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "UTF-8 text, one sentence per line; - reads stdin")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Output file *.jsonl or *.npy; - writes stdout (give --format)")
    Path output;

    @Option(names = "--format", paramLabel = "jsonl|npy", description = "Output format (default: from the --output name)")
    String format;

    @Option(names = "--cleanup", description = {"Apply the reference's evaluation text clean-up to each sentence. Off by default here,",
        "on by default in eval (as in the reference): give it for the vectors eval scores"})
    boolean cleanup;

    @Option(names = "--normalize", description = "Scale every vector to unit L2 norm (cosine similarity becomes a dot product)")
    boolean normalize;

    @Option(names = "--max-length", paramLabel = "N", description = {"Cut each sentence to its first N tokens before the prompt is built",
        "(like sentence-transformers' max_seq_length; the same cut as training's representation.cutoff). Without it, a line",
        "whose prompt exceeds the model's max_position_embeddings is an error naming file:line"})
    Integer maxLength;

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String fmt = format();
        if (!SentenceFile.isStdin(output)) {
            OutputPaths.requireFileTarget("--output", output);
        }
        if (maxLength != null && maxLength < 1) {
            throw new IllegalArgumentException("--max-length must be at least 1, got " + maxLength);
        }
        SentenceFile.requireFile(input);
        Representation rep = model.prepare(cleanup);
        if (maxLength != null) {
            rep = rep.withCutoff(maxLength);
        }
        long expected = SentenceFile.isStdin(input) ? -1 : SentenceFile.countLines(input);
        OutputStream stdout = Main.stdout(spec);
        long started = 0;
        long rows = 0;
        int dim;
        try (DecoderModel m = model.loadModel(); PromptTokenizer tok = PromptTokenizer.load(model.model);
                SentenceFile in = SentenceFile.open(input, Main.stdin(spec));
                EmbeddingWriter out = EmbeddingWriter.open(fmt, output, stdout);
                ProgressBar bar = logging.progressBars() ? new ProgressBarBuilder().setTaskName("embed").setInitialMax(expected)
                        .setStyle(ProgressBarStyle.ASCII).setUnit(" sent", 1).showSpeed().build() : null) {
            PromptEolEncoder encoder = model.encoder(m, tok, rep);
            started = System.nanoTime(); // sentences/s counts embedding, not the model load
            dim = encoder.dimension();
            int maxPositions = m.config().maxPositions();
            int chunkSize = Math.max(1024, 16 * model.batchSize);
            List<String> chunk = new ArrayList<>(chunkSize);
            List<Long> lineNumbers = new ArrayList<>(chunkSize);
            for (String s = in.next(); ; s = in.next()) {
                if (s != null) {
                    chunk.add(s);
                    lineNumbers.add(in.lineNumber());
                }
                if (chunk.size() == chunkSize || (s == null && !chunk.isEmpty())) {
                    List<int[]> ids = encoder.tokenize(chunk);
                    for (int i = 0; i < ids.size(); i++) {
                        if (ids.get(i).length > maxPositions) {
                            throw new IllegalArgumentException(in.name() + ":" + lineNumbers.get(i) + ": " + encoder.tooLongMessage(ids.get(i).length)
                                    + (maxLength == null
                                    ? "; give --max-length N to cut long sentences" : " even with --max-length " + maxLength));
                        }
                    }
                    float[][] vectors = encoder.encodeTokens(ids, done -> { });
                    for (int i = 0; i < vectors.length; i++) {
                        out.write(chunk.get(i), normalize ? unit(vectors[i]) : vectors[i]);
                    }
                    rows += vectors.length;
                    if (bar != null) {
                        bar.stepTo(rows);
                    }
                    chunk.clear();
                    lineNumbers.clear();
                }
                if (s == null) {
                    break;
                }
            }
            Map<String, Object> meta = metadata(rep, fmt, rows, dim);
            if (!SentenceFile.isStdin(output)) {
                AtomicFiles.writeBytes(Path.of(output + META_SUFFIX), new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsBytes(meta));
            }
            out.finish();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info(String.format(Locale.ROOT, "embedded %d sentences (dimension %d) in %.1f s, %.0f sentences/s, to %s%s", rows, dim, seconds,
                rows / Math.max(seconds, 1e-9), SentenceFile.isStdin(output) ? "stdout" : output,
                cleanup ? " (with the evaluation clean-up)" : " (no evaluation clean-up: eval's default differs, see --cleanup)"));
        return 0;
    }

    private String format() {
        if (format != null) {
            if (!format.equals("jsonl") && !format.equals("npy")) {
                throw new IllegalArgumentException("--format " + format + ": expected jsonl or npy");
            }
            return format;
        }
        String name = output.getFileName().toString();
        if (name.endsWith(".npy")) {
            return "npy";
        }
        if (name.endsWith(".jsonl")) {
            return "jsonl";
        }
        throw new IllegalArgumentException("--output " + output + (SentenceFile.isStdin(output) ? ": give --format jsonl or npy for stdout"
                : ": unsupported format; name it *.jsonl (text and vector per line) or *.npy (float32 matrix), or give --format"));
    }

    /** What the vectors are, for FILE.meta.json. */
    private Map<String, Object> metadata(Representation rep, String fmt, long rows, int dim) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("model", model.model.toAbsolutePath().normalize().toString());
        meta.put("input", SentenceFile.isStdin(input) ? "<stdin>" : input.toAbsolutePath().normalize().toString());
        meta.put("format", fmt);
        meta.put("rows", rows);
        meta.put("dimension", dim);
        meta.put("template", rep.effectiveTemplate().referenceSyntax());
        meta.put("pooling", rep.pooling().name().toLowerCase(Locale.ROOT));
        meta.put("cleanup", rep.cleanup());
        meta.put("cleanup_note", EvalCommand.CLEANUP_NOTE);
        meta.put("normalize", normalize);
        meta.put("max_length", maxLength);
        return meta;
    }

    /** {@code v / ||v||} (a zero vector stays zero). */
    static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (sum == 0) {
            return v;
        }
        float inv = (float) (1 / Math.sqrt(sum));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }
}
