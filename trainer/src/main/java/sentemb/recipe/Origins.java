package sentemb.recipe;

import com.typesafe.config.ConfigOrigin;

/** Formats where a value was set: {@code file:line}, {@code classpath:res:line}, or the override's description. */
final class Origins {
    private Origins() {}

    static String where(ConfigOrigin origin) {
        if (origin == null) {
            return "(unknown origin)";
        }
        if (origin.resource() != null) {
            return "classpath:" + origin.resource() + ":" + origin.lineNumber();
        }
        if (origin.filename() != null) {
            return origin.filename() + ":" + origin.lineNumber();
        }
        String d = origin.description();
        if (d.startsWith(CommandLineOverrides.ORIGIN_PREFIX) || d.startsWith(EnvironmentOverrides.ORIGIN_PREFIX)) {
            // Overrides are one-line strings: "command-line override 'x=1': 1" -> drop the ": 1".
            return d.replaceFirst(": -?\\d+$", "");
        }
        return d;
    }

    /** A parse error's message without the override's own "origin: 1: " prefix, already shown. */
    static String withoutOrigin(String message, String origin) {
        String prefix = origin + ": 1: ";
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }
}
