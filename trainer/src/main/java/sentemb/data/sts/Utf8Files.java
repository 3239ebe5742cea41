package sentemb.data.sts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
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
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new StsFormatException(file, 0, "valid UTF-8 text (" + e.getMessage() + ")");
        }
    }

}
