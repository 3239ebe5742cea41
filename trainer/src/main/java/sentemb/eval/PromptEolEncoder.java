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

    public PromptEolEncoder(SequenceEmbedder embedder, PromptTokenizer tokenizer, Representation representation, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        this.embedder = embedder;
        this.tokenizer = tokenizer;
        this.representation = representation;
        this.batchSize = batchSize;
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
        return encodeTokens(tokenize(sentences), done -> { });
    }

    /** Like {@link #encode(List)}; {@code sentencesDone} hears the running count after each batch. */
    public float[][] encode(List<String> sentences, java.util.function.IntConsumer sentencesDone) {
        return encodeTokens(tokenize(sentences), sentencesDone);
    }

    /**
     * Embeddings of prompts already tokenized by {@link #tokenize} (callers that check lengths
     * first); {@code sentencesDone} hears the running count after each batch.
     */
    public float[][] encodeTokens(List<int[]> ids, java.util.function.IntConsumer sentencesDone) {
        Integer[] order = new Integer[ids.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, Comparator.comparingInt(i -> ids.get(i).length));
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
                    out[order[k]] = row;
                }
            }
            sentencesDone.accept(end);
        }
        return out;
    }

    @Override
    public int dimension() {
        return embedder.model().outputDim();
    }
}
