package sentemb.recipe;

import java.util.List;

/**
 * A recipe that cannot be used. Carries every problem found (unknown keys, wrong types,
 * out-of-range values, syntax errors), each naming the key, where it was set (file:line,
 * command-line override or environment variable) and what was expected.
 */
public final class RecipeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final List<String> problems;

    public RecipeException(String source, List<String> problems) {
        super(format(source, problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a RecipeException needs at least one problem");
        }
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    /** What was being loaded (a file, a classpath resource, a saved recipe). */
    public String source() {
        return source;
    }

    /** Each problem on its own, in the order found. */
    public List<String> problems() {
        return problems;
    }

    private static String format(String source, List<String> problems) {
        StringBuilder sb = new StringBuilder("recipe ").append(source).append(": ")
                .append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
