package sentemb.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The input of {@code sentemb embed}, read as a stream (constant memory, any size): UTF-8
 * text, one sentence per line (\n, \r\n or \r), from a file or stdin ({@code -}). Blank lines
 * at the end are ignored (editors add them); a blank line between sentences, an empty input
 * and bytes that are not UTF-8 are errors naming the file and line.
 */
final class SentenceFile implements Closeable {
    /** The name that means stdin. */
    static final String STDIN = "-";

    private final String name;
    private final InputStream in;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private long lineNumber;
    private long byteOffset;
    private long sentences;
    private long firstPendingBlank = -1;
    private boolean eof;

    private SentenceFile(String name, InputStream in) {
        this.name = name;
        this.in = new BufferedInputStream(in, 1 << 16);
    }

    /** Opens {@code file}, or {@code stdin} for {@code -}; a missing file or a folder is an error naming --input. */
    static SentenceFile open(Path file, InputStream stdin) throws IOException {
        if (isStdin(file)) {
            return new SentenceFile("<stdin>", stdin);
        }
        requireFile(file);
        return new SentenceFile(file.toString(), Files.newInputStream(file));
    }

    static boolean isStdin(Path file) {
        return file.toString().equals(STDIN);
    }

    static void requireFile(Path file) {
        if (isStdin(file)) {
            return;
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("--input " + file + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--input " + file + " is not a file");
        }
    }

    /** The file as named in messages ({@code <stdin>} for stdin). */
    String name() {
        return name;
    }

    /** The line number of the sentence {@link #next()} returned last. */
    long lineNumber() {
        return lineNumber;
    }

    /** The next sentence, or null at the end. */
    String next() throws IOException {
        while (true) {
            String s = readLine();
            if (s == null) {
                if (sentences == 0) {
                    throw new IllegalArgumentException("--input " + name + " is empty: expected one sentence per line");
                }
                return null;
            }
            if (s.isBlank()) {
                if (firstPendingBlank < 0) {
                    firstPendingBlank = lineNumber;
                }
                continue;
            }
            if (firstPendingBlank >= 0) {
                throw new IllegalArgumentException(name + ":" + firstPendingBlank + ": blank line; expected one sentence per line");
            }
            sentences++;
            return s;
        }
    }

    /** One physical line decoded, or null at the end of the input. */
    private String readLine() throws IOException {
        if (eof) {
            return null;
        }
        line.reset();
        long start = byteOffset;
        int b;
        while ((b = in.read()) >= 0) {
            byteOffset++;
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                in.mark(1);
                if (in.read() == '\n') {
                    byteOffset++;
                } else {
                    in.reset();
                }
                break;
            }
            line.write(b);
        }
        if (b < 0) {
            eof = true;
            if (line.size() == 0) {
                return null;
            }
        }
        lineNumber++;
        ByteBuffer bytes = ByteBuffer.wrap(line.toByteArray());
        String s;
        try {
            s = utf8.decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(name + ":" + lineNumber + ": not valid UTF-8 (byte offset " + (start + bytes.position())
                    + ")");
        }
        return lineNumber == 1 && s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /** Every sentence of {@code file} (small files and tests). */
    static List<String> read(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (SentenceFile f = open(file, System.in)) {
            for (String s = f.next(); s != null; s = f.next()) {
                out.add(s);
            }
        }
        return out;
    }

    /** The number of lines of a file (a cheap first pass, for the progress bar's ETA). */
    static long countLines(Path file) throws IOException {
        long n = 0;
        int last = '\n';
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int r = in.read(buf); r > 0; r = in.read(buf)) {
                for (int i = 0; i < r; i++) {
                    if (buf[i] == '\n') {
                        n++;
                    }
                }
                last = buf[r - 1];
            }
        }
        return last == '\n' ? n : n + 1;
    }

    @Override
    public void close() throws IOException {
        if (!name.equals("<stdin>")) {
            in.close();
        }
    }
}
