package sentemb.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config.json whose "architectures" disagrees with model_type "opt" is refused before any loading (issue 10). */
class ConfigArchitecturesTest {
    @Test
    void architecturesMustAgreeWithModelType(@TempDir Path tmp) throws Exception {
        Path model = CliFixtures.copy(CliFixtures.tinyModel(), tmp.resolve("mixed"));
        Path config = model.resolve("config.json");
        String json = Files.readString(config);
        Files.writeString(config, json.replace("\"OPTForCausalLM\"", "\"LlamaForCausalLM\""));
        Path input = Files.writeString(tmp.resolve("in.txt"), "A sentence.\n");
        Cli.badInput(Cli.args("embed", "--model", model, "--input", input, "--output", tmp.resolve("out.jsonl")),
                config.toString(), "\"architectures\" names [\"LlamaForCausalLM\"] but model_type is \"opt\"");
    }
}
