package sentemb.text;

/**
 * A prompt template in the reference's own syntax, e.g. PromptEOL's
 * {@code This_sentence_:_"*sent_0*"_means_in_one_word:"}: {@code _} stands for a space and
 * {@code *sent_0*} for the sentence. Rendering mirrors kongds/scaling_sentemb exactly
 * (evaluation.py {@code batcher} and ft_llm.py {@code generate_sentemb_prompt}):
 * <pre>
 *   template = template.replace('_', ' ').replace('*sep+*', '').replace('*cls*', '')
 *   return template.replace('*sent 0*', sentence).strip()
 * </pre>
 * Underscores become spaces before the sentence goes in, so underscores inside the sentence
 * survive; {@code strip()} is Python's (Unicode whitespace) over the whole prompt.
 */
public final class PromptTemplate {
    /** PromptEOL, as the reference's train_llm.sh and README pass it. */
    public static final String PROMPT_EOL = "This_sentence_:_\"*sent_0*\"_means_in_one_word:\"";

    private static final String SLOT = "*sent 0*";

    private final String referenceSyntax;
    private final String expanded;

    private PromptTemplate(String referenceSyntax) {
        this.referenceSyntax = referenceSyntax;
        this.expanded = referenceSyntax.replace('_', ' ').replace("*sep+*", "").replace("*cls*", "");
    }

    /** Parses a template in the reference's syntax; it must contain {@code *sent_0*}. */
    public static PromptTemplate parse(String referenceSyntax) {
        if (referenceSyntax == null) {
            throw new IllegalArgumentException("template must not be null");
        }
        PromptTemplate t = new PromptTemplate(referenceSyntax);
        if (!t.expanded.contains(SLOT)) {
            throw new IllegalArgumentException("template \"" + referenceSyntax
                    + "\" has no sentence slot: expected *sent_0* (written with an underscore)");
        }
        return t;
    }

    /** {@link #PROMPT_EOL}. */
    public static PromptTemplate promptEol() {
        return parse(PROMPT_EOL);
    }

    /**
     * This template with {@code demonstration} directly in front, no separator: the form of
     * every template in the reference's run_icl.sh and icl_examples.txt.
     */
    public PromptTemplate withDemonstration(Demonstration demonstration) {
        return parse(demonstration.referenceSyntax() + referenceSyntax);
    }

    /** The prompt for {@code sentence}, exactly as the reference builds it. */
    public String render(String sentence) {
        return PythonText.strip(expanded.replace(SLOT, sentence));
    }

    /** The template as given, in the reference's syntax. */
    public String referenceSyntax() {
        return referenceSyntax;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PromptTemplate t && t.referenceSyntax.equals(referenceSyntax);
    }

    @Override
    public int hashCode() {
        return referenceSyntax.hashCode();
    }

    @Override
    public String toString() {
        return referenceSyntax;
    }
}
