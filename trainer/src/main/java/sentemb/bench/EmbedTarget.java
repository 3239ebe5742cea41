package sentemb.bench;

import java.util.List;

/**
 * A shape whose embedding throughput is measured and the prompt cases to run on it:
 * {@code plain} (PromptEOL) and/or {@code demo} (with the shape's demonstration). Written
 * {@code opt-125m} (both) or {@code opt-350m:demo} (one).
 */
record EmbedTarget(BenchShape shape, List<String> cases) {
    static final List<String> ALL_CASES = List.of("plain", "demo");

    static EmbedTarget parse(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return new EmbedTarget(BenchShape.named(spec), ALL_CASES);
        }
        String c = spec.substring(colon + 1);
        if (!ALL_CASES.contains(c)) {
            throw new IllegalArgumentException("bench option --embed-shapes: '" + spec + "' has unknown case '" + c
                    + "'; expected SHAPE, SHAPE:plain or SHAPE:demo");
        }
        return new EmbedTarget(BenchShape.named(spec.substring(0, colon)), List.of(c));
    }
}
