package sentemb.text;

import sentemb.model.Pooling;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything about how a raw sentence becomes the text an OPT model embeds, plus the pooling
 * the model side applies: template, optional in-context demonstration, the evaluation-only
 * clean-up, the training-time token cutoff, and {@link Pooling}. Immutable.
 *
 * <p>{@link #render} follows the reference's order. Its evaluation batcher
 * (evaluation.py) runs, for each sentence: SentEval's whitespace split and
 * {@code ' '.join(s)}; the token cut ({@code tokenizer.decode(tokenizer.encode(s,
 * add_special_tokens=False)[:max_length])}, only when max_length == 500); the three clean-up
 * steps ({@link TextCleanup}); then the template, into which the demonstration is already
 * baked. Training (ft_llm.py) runs only the cut (cutoff_len = 32) and the template. So:
 * whitespace join (if clean-up) → cut (if cutoff) → clean-up steps (if clean-up) →
 * demonstration + template.
 */
public final class Representation {
    private final PromptTemplate template;
    private final Demonstration demonstration;
    private final boolean cleanup;
    private final int cutoff;
    private final Pooling pooling;
    private final PromptTemplate effective;

    private Representation(PromptTemplate template, Demonstration demonstration, boolean cleanup, int cutoff, Pooling pooling) {
        this.template = Objects.requireNonNull(template, "template");
        this.demonstration = demonstration;
        this.cleanup = cleanup;
        this.cutoff = cutoff;
        this.pooling = Objects.requireNonNull(pooling, "pooling");
        this.effective = demonstration == null ? template : template.withDemonstration(demonstration);
    }

    /** PromptEOL, last-token pooling, no demonstration, no clean-up, no cutoff. */
    public static Representation promptEol() {
        return new Representation(PromptTemplate.promptEol(), null, false, 0, Pooling.LAST);
    }

    /** The reference's evaluation setting: PromptEOL with clean-up, no cutoff. */
    public static Representation forEvaluation() {
        return promptEol().withCleanup(true);
    }

    /** The reference's training setting: PromptEOL, no clean-up, cutoff 32. */
    public static Representation forTraining() {
        return promptEol().withCutoff(SentenceCutoff.REFERENCE_CUTOFF);
    }

    public Representation withTemplate(PromptTemplate t) {
        return new Representation(t, demonstration, cleanup, cutoff, pooling);
    }

    /** With {@code d} in front of the template; null for none. */
    public Representation withDemonstration(Demonstration d) {
        return new Representation(template, d, cleanup, cutoff, pooling);
    }

    public Representation withCleanup(boolean on) {
        return new Representation(template, demonstration, on, cutoff, pooling);
    }

    /** Cut every sentence to {@code tokens} tokens before templating (needs a tokenizer). */
    public Representation withCutoff(int tokens) {
        if (tokens <= 0) {
            throw new IllegalArgumentException("cutoff must be positive, got " + tokens);
        }
        return new Representation(template, demonstration, cleanup, tokens, pooling);
    }

    public Representation withoutCutoff() {
        return new Representation(template, demonstration, cleanup, 0, pooling);
    }

    public Representation withPooling(Pooling p) {
        return new Representation(template, demonstration, cleanup, cutoff, p);
    }

    /** The prompt for a raw sentence; only for representations without a cutoff. */
    public String render(String rawSentence) {
        if (cutoff > 0) {
            throw new IllegalStateException("this representation cuts sentences to " + cutoff
                    + " tokens: call render(sentence, tokenizer)");
        }
        return render(rawSentence, null);
    }

    /** The prompt for a raw sentence; {@code tokenizer} is used for the cutoff (may be null without one). */
    public String render(String rawSentence, PromptTokenizer tokenizer) {
        String s = rawSentence;
        if (cleanup) {
            s = TextCleanup.sentEvalWords(s);
        }
        if (cutoff > 0) {
            if (tokenizer == null) {
                throw new IllegalStateException("this representation cuts sentences to " + cutoff + " tokens and needs a tokenizer");
            }
            s = SentenceCutoff.apply(tokenizer, s, cutoff);
        }
        if (cleanup) {
            s = TextCleanup.apply(s);
        }
        return effective.render(s);
    }

    public PromptTemplate template() {
        return template;
    }

    public Optional<Demonstration> demonstration() {
        return Optional.ofNullable(demonstration);
    }

    public boolean cleanup() {
        return cleanup;
    }

    public OptionalInt cutoff() {
        return cutoff > 0 ? OptionalInt.of(cutoff) : OptionalInt.empty();
    }

    public Pooling pooling() {
        return pooling;
    }

    /** The template with the demonstration in front, as rendered. */
    public PromptTemplate effectiveTemplate() {
        return effective;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Representation r && r.template.equals(template) && Objects.equals(r.demonstration, demonstration)
                && r.cleanup == cleanup && r.cutoff == cutoff && r.pooling == pooling;
    }

    @Override
    public int hashCode() {
        return Objects.hash(template, demonstration, cleanup, cutoff, pooling);
    }

    @Override
    public String toString() {
        return "Representation[template=" + template + ", demonstration=" + demonstration + ", cleanup=" + cleanup
                + ", cutoff=" + (cutoff > 0 ? cutoff : "none") + ", pooling=" + pooling + "]";
    }
}
