package sentemb.text;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One in-context demonstration for PromptEOL: a sentence and the one word it "means". Rendered
 * (in the reference's template syntax, {@code _} = space) as
 * {@code This_sentence_:_"<sentence>"_means_in_one_word:"<word>".} and put directly in front of
 * the template, with no separator (kongds/scaling_sentemb run_icl.sh, icl_examples.txt).
 *
 * @param sentence the demonstration sentence
 * @param word the answer word
 */
public record Demonstration(String sentence, String word) {

    /** The best demonstration per OPT size, from the reference's run_icl.sh. */
    private static final Map<String, Demonstration> PRESETS = presets();

    public Demonstration {
        check(sentence, "sentence");
        check(word, "word");
    }

    /** The preset for a model name such as {@code opt-2.7b}; see {@link #presetNames()}. */
    public static Demonstration preset(String name) {
        Demonstration d = PRESETS.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown demonstration preset \"" + name + "\"; expected one of "
                    + PRESETS.keySet());
        }
        return d;
    }

    /** {@code opt-125m, opt-350m, opt-1.3b, opt-2.7b, opt-6.7b, opt-13b, opt-30b, opt-66b}. */
    public static Set<String> presetNames() {
        return PRESETS.keySet();
    }

    /** The demonstration in the reference's template syntax (spaces written as {@code _}). */
    public String referenceSyntax() {
        return "This_sentence_:_\"" + sentence.replace(' ', '_') + "\"_means_in_one_word:\"" + word.replace(' ', '_') + "\".";
    }

    private static void check(String text, String what) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("demonstration " + what + " must not be empty");
        }
        // In the reference syntax '_' means a space, and the placeholders would be substituted.
        if (text.indexOf('_') >= 0) {
            throw new IllegalArgumentException("demonstration " + what + " \"" + text
                    + "\" contains '_', which the reference's template syntax renders as a space");
        }
        for (String marker : new String[] {"*sent 0*", "*cls*", "*sep+*"}) {
            if (text.contains(marker)) {
                throw new IllegalArgumentException("demonstration " + what + " \"" + text + "\" contains the template marker "
                        + marker);
            }
        }
    }

    private static Map<String, Demonstration> presets() {
        Map<String, Demonstration> m = new LinkedHashMap<>();
        m.put("opt-125m", new Demonstration("A man is smoking.", "Smoking"));
        m.put("opt-350m", new Demonstration("A man is playing on a guitar and singing.", "Music"));
        m.put("opt-1.3b", new Demonstration("relating to switzerland or its people.", "Swiss"));
        m.put("opt-2.7b", new Demonstration("A jockey riding a horse.", "Equestrian"));
        m.put("opt-6.7b", new Demonstration("The man is riding a horse.", "Horseback-riding"));
        m.put("opt-13b", new Demonstration("meat from a deer.", "Venison"));
        m.put("opt-30b", new Demonstration("The man is riding a motorcycle down the road.", "Motorcycling"));
        m.put("opt-66b", new Demonstration("of or relating to tutors or tutoring.", "Tutorial"));
        return java.util.Collections.unmodifiableMap(m);
    }
}
