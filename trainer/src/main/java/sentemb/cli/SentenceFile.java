package sentemb.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The input of {@code sentemb embed}: UTF-8 text, one sentence per line (\n, \r\n or \r).
 * Blank lines at the end are ignored (editors add them); a blank line between sentences, an
 * empty file and bytes that are not UTF-8 are errors naming the file and line.
 */
final class SentenceFile {
    private SentenceFile() {}

    static List<String> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("--input " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--input " + file + " is not a file");
        }
        byte[] bytes = Files.readAllBytes(file);
        List<String> lines = splitLines(decode(file, bytes));
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--;
        }
        if (last == 0) {
            throw new IllegalArgumentException("--input " + file + " is empty: expected one sentence per line");
        }
        for (int i = 0; i < last; i++) {
            if (lines.get(i).isBlank()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": blank line; expected one sentence per line");
            }
        }
        return List.copyOf(lines.subList(0, last));
    }

    private static String decode(Path file, byte[] bytes) {
        CharsetDecoder dec = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) {
            r = dec.flush(out);
        }
        if (r.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new IllegalArgumentException(file + ":" + line + ": not valid UTF-8 (byte offset " + in.position() + ")");
        }
        out.flip();
        String s = out.toString();
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    private static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }
}
