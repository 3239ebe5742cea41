package sentemb.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import sentemb.io.AtomicFiles;

/**
 * The fast-tokenizer file ({@code tokenizer.json}) of a tokenizer folder, for exports that
 * Python's {@code AutoTokenizer} loads as-is: copied when the folder has one, otherwise built
 * from {@code vocab.json} + {@code merges.txt} and the special-token files, exactly as
 * sentemb itself tokenizes ({@link ByteLevelBpeJson}).
 */
public final class TokenizerJson {
    public static final String FILE = "tokenizer.json";

    private TokenizerJson() {}

    public static void write(Path tokenizerDir, Path out) throws IOException {
        Path existing = tokenizerDir.resolve(FILE);
        if (Files.isRegularFile(existing)) {
            Files.copy(existing, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        var json = ByteLevelBpeJson.synthesize(tokenizerDir.resolve(ByteLevelBpeJson.VOCAB), tokenizerDir.resolve(ByteLevelBpeJson.MERGES),
                SpecialTokens.load(tokenizerDir));
        AtomicFiles.writeBytes(out, JsonFiles.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json));
    }
}
