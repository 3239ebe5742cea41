package sentemb.data.nli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a UTF-8 byte stream into physical lines with exact 1-based line numbers.
 *
 * <p>Lines end at LF; a CR directly before the LF (or before the end of the input) belongs
 * to the terminator (CRLF files). A lone CR elsewhere is ordinary text.
 * A UTF-8 byte-order mark at the start is skipped. Splitting happens on bytes (0x0A never
 * occurs inside a multi-byte UTF-8 sequence) and each line is decoded strictly, so an
 * invalid byte sequence is reported with the exact line it sits on instead of being
 * replaced by U+FFFD.
 */
final class PhysicalLineReader {
    private final InputStream in;
    private final String source;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private boolean started;
    private int lineNumber;
    /** Holds a line whose bytes straddle buffer refills. */
    private byte[] carry = new byte[256];
    private int carryLen;

    PhysicalLineReader(InputStream in, String source) {
        this.in = in;
        this.source = source;
    }

    /** The next line, or null at end of input. */
    PhysicalLine next() throws IOException {
        if (!started) {
            started = true;
            skipByteOrderMark();
        }
        carryLen = 0;
        while (true) {
            if (pos == limit && !fill()) {
                if (carryLen == 0) {
                    return null;
                }
                return finish(carry, 0, carryLen, "");
            }
            int lf = indexOfLf(pos, limit);
            if (lf < 0) {
                append(pos, limit);
                pos = limit;
                continue;
            }
            if (carryLen == 0) {
                int start = pos;
                pos = lf + 1;
                return finish(buf, start, lf - start, "\n");
            }
            append(pos, lf);
            pos = lf + 1;
            return finish(carry, 0, carryLen, "\n");
        }
    }

    private PhysicalLine finish(byte[] bytes, int off, int len, String terminator) {
        lineNumber++;
        if (len > 0 && bytes[off + len - 1] == '\r') {
            // CRLF, or a CR right before the end of the file
            len--;
            terminator = terminator.isEmpty() ? "\r" : "\r\n";
        }
        return new PhysicalLine(lineNumber, decode(bytes, off, len), terminator);
    }

    private String decode(byte[] bytes, int off, int len) {
        boolean ascii = true;
        for (int i = off, end = off + len; i < end; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            // Latin-1 decoding of pure ASCII is exact and much faster than the UTF-8 decoder.
            return new String(bytes, off, len, StandardCharsets.ISO_8859_1);
        }
        try {
            decoder.reset();
            return decoder.decode(ByteBuffer.wrap(bytes, off, len)).toString();
        } catch (CharacterCodingException e) {
            throw new NliFormatException(source, lineNumber, null,
                    "invalid UTF-8 byte sequence (expected a UTF-8 text file)", null);
        }
    }

    private int indexOfLf(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void append(int from, int to) {
        int n = to - from;
        if (carryLen + n > carry.length) {
            carry = Arrays.copyOf(carry, Math.max(carry.length * 2, carryLen + n));
        }
        System.arraycopy(buf, from, carry, carryLen, n);
        carryLen += n;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            eof = true;
            pos = limit = 0;
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private void skipByteOrderMark() throws IOException {
        // Make sure at least three bytes are buffered (or the stream has ended).
        limit = 0;
        while (limit < 3) {
            int n = in.read(buf, limit, buf.length - limit);
            if (n <= 0) {
                eof = true;
                break;
            }
            limit += n;
        }
        pos = 0;
        if (limit >= 3 && (buf[0] & 0xFF) == 0xEF && (buf[1] & 0xFF) == 0xBB && (buf[2] & 0xFF) == 0xBF) {
            pos = 3;
        }
    }
}
