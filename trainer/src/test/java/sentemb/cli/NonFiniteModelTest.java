package sentemb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sentemb.model.weights.DType;
import sentemb.model.weights.HostTensor;
import sentemb.model.weights.SafetensorsReader;
import sentemb.model.weights.SafetensorsWriter;

/** embed and eval refuse a model whose embeddings come out NaN, naming the model, and write nothing (issue 10, 5). */
class NonFiniteModelTest {
    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void modelWithANanWeight() throws Exception {
        model = CliFixtures.copy(CliFixtures.tinyModel(), tmp.resolve("nan-model"));
        Path file = model.resolve("model.safetensors");
        Map<String, HostTensor> w = new LinkedHashMap<>(SafetensorsReader.readAll(file));
        String name = "model.decoder.final_layer_norm.weight";
        HostTensor t = w.get(name);
        float[] nan = new float[t.data().length];
        Arrays.fill(nan, Float.NaN);
        w.put(name, new HostTensor(name, t.shape(), nan, file.toString()));
        Files.delete(file);
        SafetensorsWriter.write(file, w, Map.of("format", "pt"), DType.F32);
    }

    @Test
    void embedRefusesNanVectors() throws Exception {
        Path input = Files.writeString(tmp.resolve("in.txt"), "A man is playing a guitar.\nA dog runs.\n");
        Path out = tmp.resolve("out.jsonl");
        Cli.badInput(Cli.args("embed", "--model", model, "--input", input, "--output", out), model.toString(), "NaN");
        assertFalse(Files.exists(out));
    }

    @Test
    void evalRefusesNanVectors() throws Exception {
        Path out = tmp.resolve("eval");
        Cli.badInput(Cli.args("eval", "--model", model, "--data", CliFixtures.downstream(), "--tasks", "STSBenchmark",
                "--split", "dev", "--output", out), model.toString(), "NaN");
        assertEquals(false, Files.exists(out));
    }
}
