package sentemb.eval.icl;

import java.util.Objects;
import sentemb.text.Demonstration;

/**
 * One candidate demonstration of a pool.
 *
 * @param demonstration the (sentence, word) pair put in front of the PromptEOL template
 * @param source where it comes from: a preset name such as {@code opt-125m}, {@code sentemb}
 *     for the project's own sentences, or whatever label a user's pool gives
 * @param line the line of the pool file it was read from (for messages; 0 if not from a file)
 */
public record PoolEntry(Demonstration demonstration, String source, int line) {
    public PoolEntry {
        Objects.requireNonNull(demonstration, "demonstration");
        Objects.requireNonNull(source, "source");
    }
}
