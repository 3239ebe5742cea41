package sentemb.text;

import java.util.ArrayList;
import java.util.List;

/**
 * The few Python 3 string operations SentEval's STS loaders rely on, with Python's exact
 * semantics: {@code io.open(..., encoding='utf8').read()}, {@code str.splitlines()},
 * text-mode line iteration, {@code str.strip()}, {@code str.split()} and {@code str.split('\t')}.
 * Java's own {@code String.strip}/{@code lines} use different character sets (for example
 * Python treats U+00A0 as whitespace and U+0085 as a line break), so they are not used here.
 */
public final class PythonText {
    private PythonText() {}

    /** True for exactly the characters Python 3.11's {@code str.isspace()} accepts. */
    public static boolean isWhitespace(char c) {
        return switch (c) {
            case '\t', '\n', '\u000b', '\f', '\r', '\u001c', '\u001d', '\u001e', '\u001f', ' ',
                 '\u0085', '\u00a0', '\u1680', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000' -> true;
            default -> c >= '\u2000' && c <= '\u200a';
        };
    }

    /** {@link #isWhitespace(char)} for a code point (Python's whitespace is all in the BMP). */
    public static boolean isWhitespace(int codePoint) {
        return codePoint <= 0xFFFF && isWhitespace((char) codePoint);
    }

    /** True for the characters {@code str.splitlines()} breaks on (\r\n counts as one break). */
    public static boolean isLineBreak(char c) {
        return switch (c) {
            case '\n', '\u000b', '\f', '\r', '\u001c', '\u001d', '\u001e', '\u0085', '\u2028', '\u2029' -> true;
            default -> false;
        };
    }

    /** {@code text.splitlines()}: no trailing empty element after a final line break. */
    public static List<String> splitLines(String text) {
        return lines(text, c -> isLineBreak((char) c));
    }

    /**
     * Lines as {@code for line in io.open(path, encoding='utf-8')} yields them (universal
     * newlines: only \n, \r\n and \r end a line), with the line ending removed.
     */
    public static List<String> textModeLines(String text) {
        return lines(text, c -> c == '\n' || c == '\r');
    }

    /** Splits at every character {@code breaks} accepts, \r\n counting as one break. */
    private static List<String> lines(String text, java.util.function.IntPredicate breaks) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (breaks.test(c)) {
                lines.add(text.substring(start, i));
                i += (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    /** {@code s.strip()} with Python's whitespace set. */
    public static String strip(String s) {
        int begin = 0;
        int end = s.length();
        while (begin < end && isWhitespace(s.charAt(begin))) {
            begin++;
        }
        while (end > begin && isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(begin, end);
    }

    /** {@code s.split(sep)} for a one-character separator: keeps empty fields, including trailing ones. */
    public static List<String> split(String s, char sep) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == sep) {
                fields.add(s.substring(start, i));
                start = i + 1;
            }
        }
        fields.add(s.substring(start));
        return fields;
    }

    /** {@code s.split()}: runs of whitespace separate tokens; no empty tokens. */
    public static List<String> splitWhitespace(String s) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            while (i < s.length() && isWhitespace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < s.length() && !isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(s.substring(start, i));
            }
        }
        return tokens;
    }

    /**
     * {@code ' '.join(s.split())}: SentEval hands the batcher token lists and the reference
     * evaluation joins them back with single spaces, so this is the text an encoder sees.
     */
    public static String normalizeSpaces(String s) {
        return String.join(" ", splitWhitespace(s));
    }
}
