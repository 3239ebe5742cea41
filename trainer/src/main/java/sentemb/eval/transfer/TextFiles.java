package sentemb.eval.transfer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a whole file with a strict decoder, as Python's {@code io.open(..., encoding=...)} does. */
final class TextFiles {
    private TextFiles() {}

    static String read(Path file, Charset charset) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new TransferDataException(file + ": not valid " + charset.name() + " text (SentEval reads it as "
                    + charset.name() + ")", e);
        }
    }
}
