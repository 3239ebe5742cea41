package sentemb.eval.transfer;

import java.util.ArrayList;
import java.util.List;

/**
 * The three Python {@code str} operations SentEval's loaders rely on, with Python's own
 * definitions of whitespace and line boundaries (which differ from Java's: Python treats
 * U+00A0, U+0085 and U+2007 as whitespace, and {@code splitlines()} also breaks on
 * {@code \v \f \x1c-\x1e \x85 \u2028 \u2029}).
 */
final class PythonText {
    private PythonText() {}

    /** Python's {@code str.isspace()} for one code point (CPython's _PyUnicode_IsWhitespace). */
    static boolean isWhitespace(int cp) {
        return switch (cp) {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x85, 0xA0, 0x1680,
                    0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /** Python's {@code str.split()} without arguments: runs of whitespace separate, no empty parts. */
    static List<String> split(String s) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && isWhitespace(s.codePointAt(i))) {
                i += Character.charCount(s.codePointAt(i));
            }
            int start = i;
            while (i < n && !isWhitespace(s.codePointAt(i))) {
                i += Character.charCount(s.codePointAt(i));
            }
            if (i > start) {
                parts.add(s.substring(start, i));
            }
        }
        return parts;
    }

    /** {@code ' '.join(s.split())}: how SentEval's token lists reach the encoder's batcher. */
    static String normalizeSpaces(String s) {
        return String.join(" ", split(s));
    }

    /** Python's {@code str.strip()} without arguments. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isWhitespace(s.codePointAt(start))) {
            start += Character.charCount(s.codePointAt(start));
        }
        while (end > start && isWhitespace(s.codePointBefore(end))) {
            end -= Character.charCount(s.codePointBefore(end));
        }
        return s.substring(start, end);
    }

    /** Python's {@code str.splitlines()}: no trailing empty element after a final line break. */
    static List<String> splitLines(String s) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (isLineBreak(c)) {
                lines.add(s.substring(start, i));
                i += (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < n) {
            lines.add(s.substring(start));
        }
        return lines;
    }

    /**
     * Lines as Python's text-mode file iteration yields them (universal newlines: {@code \n},
     * {@code \r\n} and {@code \r} end a line), without their line ends.
     */
    static List<String> fileLines(String s) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(s.substring(start, i));
                i += (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        if (start < n) {
            lines.add(s.substring(start));
        }
        return lines;
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r' || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D || c == 0x1E
                || c == 0x85 || c == 0x2028 || c == 0x2029;
    }
}
