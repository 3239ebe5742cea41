package sentemb.model.families;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import sentemb.model.ConfigJson;
import sentemb.model.DecoderConfig;
import sentemb.model.DecoderFamily;
import sentemb.model.llama.LlamaFamily;
import sentemb.model.opt.OptFamily;

/** The one place where {@code config.json}'s {@code model_type} picks a decoder family. */
public final class DecoderFamilies {
    /** Every family sentemb runs, in the order error messages list them. */
    public static final List<DecoderFamily> ALL = List.of(OptFamily.INSTANCE, LlamaFamily.INSTANCE);

    private DecoderFamilies() {}

    /** Every supported {@code model_type}. */
    public static List<String> modelTypes() {
        List<String> out = new ArrayList<>();
        ALL.forEach(f -> out.addAll(f.modelTypes()));
        return out;
    }

    /** The family for {@code modelType}; {@code file} names the config in the error for an unknown type. */
    public static DecoderFamily forModelType(String modelType, Path file) {
        for (DecoderFamily f : ALL) {
            if (f.modelTypes().contains(modelType)) {
                return f;
            }
        }
        throw new IllegalArgumentException(file + ": unsupported architecture model_type=\"" + modelType
                + "\"; sentemb supports model_type " + String.join(", ", modelTypes()));
    }

    /** The family of the random models sentemb makes from a seed ({@code model.init}): OPT, the only one so far. */
    public static DecoderFamily randomInit() {
        return OptFamily.INSTANCE;
    }

    /** Reads {@code modelDir/config.json} with the reader of its family. */
    public static DecoderConfig readConfig(Path modelDir) {
        Path file = modelDir.resolve(ConfigJson.FILE);
        JsonNode n = ConfigJson.read(modelDir);
        return forModelType(n.path("model_type").asText(""), file).readConfig(n, file);
    }

    /** The family of a config (the one whose reader made it). */
    public static DecoderFamily of(DecoderConfig config) {
        return forModelType(config.modelType(), Path.of("config"));
    }
}
