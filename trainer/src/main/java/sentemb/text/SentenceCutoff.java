package sentemb.text;

import java.util.Arrays;

/**
 * The reference's training-time truncation (ft_llm.py {@code generate_sentemb_prompt}):
 * <pre>
 *   input = tokenizer(data_point[prefix], truncation=True, max_length=cutoff_len,
 *                     padding=False, return_tensors=None, add_special_tokens=False)
 *   input = tokenizer.decode(input['input_ids'])
 * </pre>
 * i.e. the sentence is tokenized without specials, cut to {@code cutoff} tokens, decoded
 * (special tokens kept, transformers' default space clean-up on, see
 * {@link TokenizationSpaces}), and only then templated. The round trip happens for every
 * sentence, short ones too, so PTB-style {@code "children 's"} comes back as
 * {@code "children's"}; a cut through a multi-byte character decodes to U+FFFD.
 */
public final class SentenceCutoff {
    /** {@code cutoff_len} in the reference's training. */
    public static final int REFERENCE_CUTOFF = 32;

    private SentenceCutoff() {}

    public static String apply(PromptTokenizer tokenizer, String sentence, int cutoff) {
        if (cutoff <= 0) {
            throw new IllegalArgumentException("cutoff must be positive, got " + cutoff);
        }
        int[] ids = tokenizer.encode(sentence, false);
        int[] kept = ids.length > cutoff ? Arrays.copyOf(ids, cutoff) : ids;
        return TokenizationSpaces.cleanUp(tokenizer.decode(kept, false));
    }
}
