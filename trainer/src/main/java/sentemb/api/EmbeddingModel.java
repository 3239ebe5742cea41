package sentemb.api;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import sentemb.checkpoint.EmbeddingSpec;
import sentemb.eval.PromptEolEncoder;
import sentemb.model.DecoderModel;
import sentemb.model.families.DecoderFamilies;
import sentemb.model.families.DecoderModels;
import sentemb.model.SequenceEmbedder;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;

/**
 * A sentence encoder loaded from a model folder: the Java counterpart of Python's
 * {@code SentenceTransformer(path).encode(sentences)}.
 *
 * <pre>{@code
 * try (EmbeddingModel model = EmbeddingModel.load(Path.of("models/opt-1.3b-cse"),
 *         EmbeddingModel.Options.defaults().batchSize(64).normalize(true))) {
 *     float[][] vectors = model.encode(List.of("A man is playing a guitar.", "A woman is slicing an onion."));
 * }
 * }</pre>
 *
 * <p>The folder is a Hugging Face OPT directory ({@code config.json}, weights, tokenizer
 * files), typically written by {@code sentemb export}. Its {@code sentemb.json}, when present,
 * says how a sentence becomes a vector (template, in-context demonstration, pooling), so the
 * model embeds exactly as it was trained and evaluated; a plain Hugging Face folder gets
 * PromptEOL with last-token pooling. Vectors are those of {@code sentemb embed} with the same
 * options: sentences are sorted by token length into batches (dynamic left padding, the
 * shared prompt prefix computed once per batch), and come back in input order.
 *
 * <p>One instance holds the model's weights in native (libtorch) memory until {@link #close()}.
 * It may be shared between threads: {@code encode} calls (and stream chunks) run one at a time.
 * The library configures no logging; it logs through SLF4J, so the application's binding
 * decides where messages go.
 */
public final class EmbeddingModel implements AutoCloseable {
    private final Path path;
    private final Options options;
    private final DecoderModel model;
    private final PromptTokenizer tokenizer;
    private final PromptEolEncoder encoder;
    private boolean closed;

    private EmbeddingModel(Path path, Options options, DecoderModel model, PromptTokenizer tokenizer, PromptEolEncoder encoder) {
        this.path = path;
        this.options = options;
        this.model = model;
        this.tokenizer = tokenizer;
        this.encoder = encoder;
    }

    /** Loads {@code dir} with {@link Options#defaults()}. */
    public static EmbeddingModel load(Path dir) throws IOException {
        return load(dir, Options.defaults());
    }

    /**
     * Loads the model folder {@code dir} onto the options' device.
     *
     * @throws IllegalArgumentException the folder is missing or malformed (the message names the file),
     *                                  or the device does not exist
     * @throws IOException              the weights cannot be read
     */
    public static EmbeddingModel load(Path dir, Options options) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("model folder " + dir + " does not exist or is not a directory");
        }
        Device device = parseDevice(options.device());
        DecoderFamilies.readConfig(dir); // config.json errors before the weights are read
        Representation rep = representation(dir, options);
        PromptTokenizer tok = PromptTokenizer.load(dir);
        try {
            DecoderModel m = DecoderModels.load(dir, device, DataType.FLOAT32);
            PromptEolEncoder enc = new PromptEolEncoder(SequenceEmbedder.packed(m, rep.pooling(), true), tok, rep,
                    options.batchSize());
            return new EmbeddingModel(dir, options, m, tok, enc);
        } catch (IOException | RuntimeException e) {
            tok.close();
            throw e;
        }
    }

    /** The folder's sentemb.json (else PromptEOL), with the options' clean-up and max length. */
    private static Representation representation(Path dir, Options options) {
        EmbeddingSpec spec = EmbeddingSpec.read(dir);
        Representation r = spec != null ? spec.representation() : Representation.promptEol();
        r = r.withCleanup(options.cleanup());
        return options.maxLength() > 0 ? r.withCutoff(options.maxLength()) : r;
    }

    /** {@code cpu} or {@code gpu:N}, N a GPU that PyTorch can see. */
    static Device parseDevice(String spec) {
        if (spec.equals("cpu")) {
            return Device.cpu();
        }
        if (spec.matches("gpu:\\d{1,3}")) {
            int index = Integer.parseInt(spec.substring(4));
            int visible = Engine.getInstance().getGpuCount();
            if (index >= visible) {
                throw new IllegalArgumentException("device " + spec + ": PyTorch sees " + visible + " GPU(s) on this machine");
            }
            return Device.gpu(index);
        }
        throw new IllegalArgumentException("device " + spec + ": expected cpu or gpu:N");
    }

    /**
     * Embeds the sentences; row i belongs to {@code sentences.get(i)}. Sentences are used
     * as given (no clean-up unless {@link Options#cleanup(boolean)}); none may be null.
     */
    public float[][] encode(List<String> sentences) {
        return encode(sentences, 0, sentences.size());
    }

    /** The embedding of one sentence. */
    public float[] encode(String sentence) {
        return encode(List.of(sentence))[0];
    }

    /**
     * Embeds a stream lazily, in input order, holding at most {@link Options#streamChunk(int)}
     * sentences at a time: each chunk is sorted into batches as {@link #encode(List)} sorts a
     * list. The progress callback's total is -1 (unknown). Closing the returned stream closes
     * {@code sentences}.
     */
    public Stream<float[]> encode(Stream<String> sentences) {
        Iterator<String> in = sentences.iterator();
        Iterator<float[]> out = new Iterator<>() {
            private float[][] chunk = new float[0][];
            private int next;
            private long done;

            @Override
            public boolean hasNext() {
                if (next < chunk.length) {
                    return true;
                }
                List<String> batch = new ArrayList<>();
                while (batch.size() < options.streamChunk() && in.hasNext()) {
                    batch.add(in.next());
                }
                if (batch.isEmpty()) {
                    return false;
                }
                chunk = EmbeddingModel.this.encode(batch, done, -1);
                done += batch.size();
                next = 0;
                return true;
            }

            @Override
            public float[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                float[] v = chunk[next];
                chunk[next++] = null;
                return v;
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(out, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(sentences::close);
    }

    private synchronized float[][] encode(List<String> sentences, long doneBefore, long total) {
        if (closed) {
            throw new IllegalStateException("EmbeddingModel " + path + " is closed");
        }
        for (int i = 0; i < sentences.size(); i++) {
            if (sentences.get(i) == null) {
                throw new IllegalArgumentException("sentence " + (doneBefore + i) + " is null");
            }
        }
        if (sentences.isEmpty()) {
            return new float[0][];
        }
        Progress progress = options.progress();
        float[][] out = encoder.encode(sentences, done -> progress.update(doneBefore + done, total));
        if (options.normalize()) {
            for (float[] v : out) {
                normalizeInPlace(v);
            }
        }
        return out;
    }

    /** Divides by the L2 norm, as torch.nn.functional.normalize (eps 1e-12) does. */
    static void normalizeInPlace(float[] v) {
        double sq = 0;
        for (float x : v) {
            sq += (double) x * x;
        }
        double norm = Math.max(Math.sqrt(sq), 1e-12);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] / norm);
        }
    }

    /** Embedding width. */
    public int dimension() {
        return encoder.dimension();
    }

    /** The model folder this was loaded from. */
    public Path path() {
        return path;
    }

    public Options options() {
        return options;
    }

    /** Frees the weights and the tokenizer; later {@code encode} calls throw. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            model.close();
        } finally {
            tokenizer.close();
        }
    }

    /** Hears how far an {@code encode} call is, after every batch. */
    @FunctionalInterface
    public interface Progress {
        /** Never called back. */
        Progress NONE = (done, total) -> { };

        /**
         * @param done  sentences embedded so far in this call
         * @param total sentences in this call, or -1 when encoding a stream
         */
        void update(long done, long total);
    }

    /**
     * How a model is loaded and encodes. Immutable: every setter returns a new instance.
     * Defaults: batch size 32, no normalisation, device {@code cpu}, no clean-up, no max
     * length, stream chunks of 4,096 sentences, no progress callback.
     */
    public static final class Options {
        private final int batchSize;
        private final boolean normalize;
        private final String device;
        private final boolean cleanup;
        private final int maxLength;
        private final int streamChunk;
        private final Progress progress;

        private Options(int batchSize, boolean normalize, String device, boolean cleanup, int maxLength, int streamChunk,
                        Progress progress) {
            this.batchSize = batchSize;
            this.normalize = normalize;
            this.device = device;
            this.cleanup = cleanup;
            this.maxLength = maxLength;
            this.streamChunk = streamChunk;
            this.progress = progress;
        }

        public static Options defaults() {
            return new Options(32, false, "cpu", false, 0, 4096, Progress.NONE);
        }

        /** Sentences per forward pass (at least 1). */
        public Options batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, got " + n);
            }
            return new Options(n, normalize, device, cleanup, maxLength, streamChunk, progress);
        }

        /** True: every vector is divided by its L2 norm (cosine similarity becomes a dot product). */
        public Options normalize(boolean on) {
            return new Options(batchSize, on, device, cleanup, maxLength, streamChunk, progress);
        }

        /** {@code cpu} or {@code gpu:N}; checked when the model is loaded. */
        public Options device(String spec) {
            Objects.requireNonNull(spec, "device");
            return new Options(batchSize, normalize, spec.trim(), cleanup, maxLength, streamChunk, progress);
        }

        /**
         * True: the reference's evaluation clean-up (SentEval's whitespace join, then the
         * punctuation fixes) before templating, as {@code sentemb eval} does by default and
         * {@code sentemb embed --cleanup} does.
         */
        public Options cleanup(boolean on) {
            return new Options(batchSize, normalize, device, on, maxLength, streamChunk, progress);
        }

        /**
         * Cuts every sentence to its first {@code tokens} tokens before templating (the
         * training cutoff's rule: tokenize, cut, decode); 0 for no cut. The prompt around it
         * is never cut, so the pooled token stays the template's last.
         */
        public Options maxLength(int tokens) {
            if (tokens < 0) {
                throw new IllegalArgumentException("max length must be 0 (none) or positive, got " + tokens);
            }
            return new Options(batchSize, normalize, device, cleanup, tokens, streamChunk, progress);
        }

        /** Sentences read, sorted and encoded together by {@link EmbeddingModel#encode(Stream)}. */
        public Options streamChunk(int sentences) {
            if (sentences < 1) {
                throw new IllegalArgumentException("stream chunk must be at least 1 sentence, got " + sentences);
            }
            return new Options(batchSize, normalize, device, cleanup, maxLength, sentences, progress);
        }

        /** Called after every batch; {@link Progress#NONE} for none. */
        public Options progress(Progress callback) {
            Objects.requireNonNull(callback, "progress");
            return new Options(batchSize, normalize, device, cleanup, maxLength, streamChunk, callback);
        }

        public int batchSize() {
            return batchSize;
        }

        public boolean normalize() {
            return normalize;
        }

        public String device() {
            return device;
        }

        public boolean cleanup() {
            return cleanup;
        }

        public int maxLength() {
            return maxLength;
        }

        public int streamChunk() {
            return streamChunk;
        }

        public Progress progress() {
            return progress;
        }

        @Override
        public String toString() {
            return "Options[batchSize=" + batchSize + ", normalize=" + normalize + ", device=" + device + ", cleanup=" + cleanup
                    + ", maxLength=" + maxLength + ", streamChunk=" + streamChunk + "]";
        }
    }
}
