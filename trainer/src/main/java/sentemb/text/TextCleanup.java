package sentemb.text;

/**
 * The reference's evaluation-only sentence clean-up (kongds/scaling_sentemb, evaluation.py,
 * {@code batcher}), applied before templating; training applies none of it. In that order:
 * <pre>
 *   if len(s) > 0 and s[-1] not in '.?"\'': s += '.'
 *   s = s.replace('"', '\'')
 *   if len(s) > 0 and '?' == s[-1]: s = s[:-1] + '.'
 * </pre>
 * So a sentence ending in {@code "} keeps no added period and ends in {@code '}; one ending in
 * {@code ?} ends in {@code .}; an empty sentence stays empty.
 * Before the batcher sees them, SentEval has split every sentence on whitespace and the
 * batcher re-joins the words with single spaces ({@code ' '.join(s)}): {@link #sentEvalWords}.
 */
public final class TextCleanup {
    private TextCleanup() {}

    /** The three clean-up steps above, in the reference's order. */
    public static String apply(String s) {
        if (!s.isEmpty()) {
            char last = s.charAt(s.length() - 1);
            if (last != '.' && last != '?' && last != '"' && last != '\'') {
                s = s + ".";
            }
        }
        s = s.replace('"', '\'');
        if (!s.isEmpty() && s.charAt(s.length() - 1) == '?') {
            s = s.substring(0, s.length() - 1) + ".";
        }
        return s;
    }

    /**
     * SentEval's {@code s.split()} followed by the batcher's {@code ' '.join(...)}: runs of
     * (Python) whitespace become one space and the ends are trimmed.
     */
    public static String sentEvalWords(String s) {
        return PythonText.normalizeSpaces(s);
    }
}
