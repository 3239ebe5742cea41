package sentemb.recipe;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Picks the valid key closest to a misspelled one, for "did you mean" hints.
 *
 * <p>The score is the smallest of: the Levenshtein distance between the full dotted paths;
 * the distance between the last segments plus 2 when the groups differ (so
 * {@code optimizer.warmup-steps} finds {@code schedule.warmup-steps}); and 0 (plus the same
 * group penalty) when one last segment is the initials of the other's hyphenated words
 * (so {@code optimizer.learning-rate} finds {@code optimizer.lr}). Underscores count as
 * hyphens and case is ignored, so {@code lora.target_modules}-style spellings still land.
 */
final class KeySuggestions {
    private static final int OTHER_GROUP_PENALTY = 2;

    private KeySuggestions() {}

    /** The closest candidate; empty only when there are no candidates. Ties go to the first. */
    static Optional<String> closest(String unknown, Collection<String> candidates) {
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String c : candidates) {
            int s = score(unknown, c);
            if (s < bestScore) {
                best = c;
                bestScore = s;
            }
        }
        return Optional.ofNullable(best);
    }

    static int score(String unknown, String candidate) {
        String u = normalize(unknown);
        String c = normalize(candidate);
        int full = levenshtein(u, c);
        int penalty = parent(u).equals(parent(c)) ? 0 : OTHER_GROUP_PENALTY;
        int leaf = levenshtein(leaf(u), leaf(c)) + penalty;
        int acronym = leaf(c).equals(initials(leaf(u))) || leaf(u).equals(initials(leaf(c)))
                ? penalty : Integer.MAX_VALUE;
        return Math.min(full, Math.min(leaf, acronym));
    }

    /** Classic edit distance (insert, delete, substitute, each cost 1). */
    static int levenshtein(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int subst = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(subst, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String normalize(String key) {
        return key.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static String parent(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(0, dot);
    }

    /** "learning-rate" -> "lr"; a single word has no initials worth matching. */
    private static String initials(String word) {
        String[] parts = word.split("-");
        if (parts.length < 2) {
            return "\0";
        }
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (!p.isEmpty()) {
                sb.append(p.charAt(0));
            }
        }
        return sb.toString();
    }
}
