package sentemb.text;

/**
 * The space clean-up that Hugging Face transformers applies after decoding
 * ({@code PreTrainedTokenizerBase.clean_up_tokenization}). OPT's tokenizer_config.json does not
 * set {@code clean_up_tokenization_spaces}, so the transformers version the reference pins
 * (git 8f093fb, mid 2023) uses its default {@code True}: every {@code tokenizer.decode} in the
 * reference's training code runs these replacements, in this order.
 */
public final class TokenizationSpaces {
    private TokenizationSpaces() {}

    /** Removes the space before {@code . ? ! ,} and before English clitics, like transformers. */
    public static String cleanUp(String text) {
        return text.replace(" .", ".")
                .replace(" ?", "?")
                .replace(" !", "!")
                .replace(" ,", ",")
                .replace(" ' ", "'")
                .replace(" n't", "n't")
                .replace(" 'm", "'m")
                .replace(" 's", "'s")
                .replace(" 've", "'ve")
                .replace(" 're", "'re");
    }
}
