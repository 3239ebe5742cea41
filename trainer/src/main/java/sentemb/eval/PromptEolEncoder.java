package sentemb.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import sentemb.model.SequenceEmbedder;
import sentemb.text.PromptTokenizer;
import sentemb.text.Representation;

/**
 * PromptEOL sentence embeddings from an OPT model: each sentence is rendered into its prompt
 * (clean-up, demonstration, template as the representation says), tokenized with BOS, sorted
 * by length into batches (dynamic left padding, shared prompt prefix computed once per batch),
 * and the vectors come back in input order.
 */
public final class PromptEolEncoder implements SentenceEncoder {
    private final SequenceEmbedder embedder;
    private final PromptTokenizer tokenizer;
    private final Representation representation;
    private final int batchSize;
    private final String modelName;

    public PromptEolEncoder(SequenceEmbedder embedder, PromptTokenizer tokenizer, Representation representation, int batchSize) {
        this(embedder, tokenizer, representation, batchSize, "the model");
    }

    /** {@code modelName} (e.g. the model folder) names the model in errors: too-long prompts, non-finite vectors. */
    public PromptEolEncoder(SequenceEmbedder embedder, PromptTokenizer tokenizer, Representation representation, int batchSize,
            String modelName) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.embedder = embedder;
        this.tokenizer = tokenizer;
        this.representation = representation;
        this.batchSize = batchSize;
        this.modelName = modelName;
    }

    /** Why a prompt of {@code tokens} tokens is refused, as a message to follow "FILE:LINE: " or the sentence. */
    public String tooLongMessage(int tokens) {
        return "the sentence's prompt is " + tokens + " tokens, more than the model's max_position_embeddings "
                + maxTokens() + " (" + modelName + ")";
    }

    private int maxTokens() {
        return embedder.model().config().maxPositions();
    }

    public Representation representation() {
        return representation;
    }

    /** Prompt token ids of each sentence, BOS first. */
    public List<int[]> tokenize(List<String> sentences) {
        List<String> prompts = new ArrayList<>(sentences.size());
        for (String s : sentences) {
            prompts.add(representation.render(s, tokenizer));
        }
        int[][] ids = tokenizer.encodeAll(prompts, true);
        return List.of(ids);
    }

    @Override
    public float[][] encode(List<String> sentences) {
        return encode(sentences, tokenize(sentences), done -> { });
    }

    /** Like {@link #encode(List)}; {@code sentencesDone} hears the running count after each batch. */
    public float[][] encode(List<String> sentences, java.util.function.IntConsumer sentencesDone) {
        return encode(sentences, tokenize(sentences), sentencesDone);
    }

    /**
     * Embeddings of prompts already tokenized by {@link #tokenize} (callers that check lengths
     * first); {@code sentencesDone} hears the running count after each batch.
     */
    public float[][] encodeTokens(List<int[]> ids, java.util.function.IntConsumer sentencesDone) {
        return encode(null, ids, sentencesDone);
    }

    /** @param sentences the texts of {@code ids}, for error messages, or null (then inputs are named by index) */
    private float[][] encode(List<String> sentences, List<int[]> ids, java.util.function.IntConsumer sentencesDone) {
        java.util.function.IntFunction<String> text = i -> sentences != null ? sentences.get(i) : "input #" + (i + 1);
        Integer[] order = new Integer[ids.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> ids.get(i).length));
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i).length > maxTokens()) {
                throw new SentenceTooLongException(text.apply(i), tooLongMessage(ids.get(i).length));
            }
        }
        float[][] out = new float[ids.size()][];
        int dim = dimension();
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(order.length, start + batchSize);
            List<int[]> batch = new ArrayList<>(end - start);
            for (int k = start; k < end; k++) {
                batch.add(ids.get(order[k]));
            }
            try (NDManager m = embedder.model().manager().newSubManager()) {
                NDArray z = embedder.embed(m, batch, false);
                float[] flat = z.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
                for (int k = start; k < end; k++) {
                    float[] row = new float[dim];
                    System.arraycopy(flat, (k - start) * dim, row, 0, dim);
                    requireFinite(row, text.apply(order[k]));
                    out[order[k]] = row;
                }
            }
            sentencesDone.accept(end);
        }
        return out;
    }

    /** A NaN or inf vector means broken weights: refused, so no output ever holds one. */
    private void requireFinite(float[] row, String sentence) {
        for (float v : row) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException(modelName + " produced a " + (Float.isNaN(v) ? "NaN" : "inf")
                        + " embedding (for '" + (sentence.length() > 60 ? sentence.substring(0, 60) + "..." : sentence)
                        + "'): its weights hold NaN/inf or overflow; refusing to write such vectors");
            }
        }
    }

    @Override
    public int dimension() {
        return embedder.model().outputDim();
    }
}
