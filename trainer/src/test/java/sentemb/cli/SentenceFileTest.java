package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SentenceFile}: the line rules of {@code embed --input}. */
class SentenceFileTest {
    @TempDir
    Path tmp;

    private Path file(byte[] bytes) throws IOException {
        return Files.write(tmp.resolve("in.txt"), bytes);
    }

    private Path file(String text) throws IOException {
        return file(text.getBytes(StandardCharsets.UTF_8));
    }

    private String error(Path p) {
        return assertThrows(IllegalArgumentException.class, () -> SentenceFile.read(p)).getMessage();
    }

    @Test
    void everyLineEndingAndNoFinalNewline() throws IOException {
        assertEquals(List.of("a b", "c", "d", "e"), SentenceFile.read(file("a b\r\nc\rd\ne")));
    }

    @Test
    void byteOrderMarkAndTrailingBlankLinesAreDropped() throws IOException {
        assertEquals(List.of("caf\u00e9", "  x  "), SentenceFile.read(file("\uFEFFcaf\u00e9\n  x  \n\n \n")));
    }

    @Test
    void blankLineBetweenSentencesNamesItsLine() throws IOException {
        Path p = file("a\r\nb\r\n \r\nc\r\n");
        assertEquals(p + ":3: blank line; expected one sentence per line", error(p));
    }

    @Test
    void emptyOrOnlyBlank() throws IOException {
        assertTrue(error(file("")).endsWith("is empty: expected one sentence per line"));
        assertTrue(error(file("\n\n\t\n")).endsWith("is empty: expected one sentence per line"));
    }

    @Test
    void invalidUtf8NamesItsLine() throws IOException {
        byte[] bytes = {'o', 'k', '\n', 'f', 'i', 'n', 'e', '\n', 'b', 'a', (byte) 0xE9, 'd', '\n'};
        Path p = file(bytes);
        assertEquals(p + ":3: not valid UTF-8 (byte offset 10)", error(p));
    }
}
