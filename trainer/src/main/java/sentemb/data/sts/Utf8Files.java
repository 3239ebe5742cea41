package sentemb.data.sts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading SentEval's STS files as Python's {@code io.open(..., encoding='utf8')} does. */
final class Utf8Files {
    private Utf8Files() {}

    /** Reads a file as strict UTF-8 (no BOM removal, like Python's 'utf8' codec). */
    static String readUtf8(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            // in.position() is the first byte of the bad sequence: name its line (\n, \r\n or \r ends one)
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                    line++;
                }
            }
            throw new StsFormatException(file, line, "valid UTF-8 text, but byte offset " + in.position() + " starts an invalid"
                    + " sequence");
        }
        return out.flip().toString();
    }

}
