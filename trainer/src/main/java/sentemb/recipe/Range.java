package sentemb.recipe;

import java.util.function.DoublePredicate;

/** The values a numeric setting may take, with the wording used in error messages. */
record Range(DoublePredicate test, String description) {
    static final Range ANY = new Range(x -> true, "any number");
    /** Positive and finite in float32 (the weights' type), where a larger number would become inf. */
    static final Range FLOAT32_POSITIVE = new Range(x -> x > 0 && x <= Float.MAX_VALUE, "> 0 and finite in float32 (<= 3.4e38)");

    static Range atLeast(double min) {
        return new Range(x -> x >= min, ">= " + show(min));
    }

    static Range greaterThan(double min) {
        return new Range(x -> x > min, "> " + show(min));
    }

    /** {@code [min, max)}. */
    static Range closedOpen(double min, double max) {
        return new Range(x -> x >= min && x < max, "[" + show(min) + ", " + show(max) + ")");
    }

    /** {@code [min, max]}. */
    static Range closed(double min, double max) {
        return new Range(x -> x >= min && x <= max, "in [" + show(min) + ", " + show(max) + "]");
    }

    boolean contains(double x) {
        return test.test(x);
    }

    private static String show(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }
}
