package sentemb.eval;

/**
 * A sentence whose prompt has more tokens than the model has positions. The message names the
 * sentence; callers that know where it was read from (STS files, embed's input) name that
 * instead, followed by {@link #reason()}.
 */
public final class SentenceTooLongException extends IllegalArgumentException {
    private final String sentence;
    private final String reason;

    SentenceTooLongException(String sentence, String reason) {
        super("sentence '" + (sentence.length() > 60 ? sentence.substring(0, 60) + "..." : sentence) + "': " + reason);
        this.sentence = sentence;
        this.reason = reason;
    }

    /** The sentence as the encoder was given it. */
    public String sentence() {
        return sentence;
    }

    /** Why it is refused, with the prompt's length and the model's limit, to follow "FILE:LINE: ". */
    public String reason() {
        return reason;
    }
}
