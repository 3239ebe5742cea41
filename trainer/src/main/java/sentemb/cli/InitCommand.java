package sentemb.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import sentemb.checkpoint.EmbeddingSpec;
import sentemb.checkpoint.HfExport;
import sentemb.io.AtomicFiles;
import sentemb.io.ProjectPaths;
import sentemb.model.OptConfigs;
import sentemb.model.OptModel;
import sentemb.model.OptModels;
import sentemb.text.Representation;

/** {@code sentemb init}: a random OPT-architecture model in Hugging Face layout, for tests and CI. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a random OPT model (Hugging Face layout, shipped GPT-2 BPE tokenizer) created from a seed.")
final class InitCommand implements Callable<Integer> {
    @Option(names = "--output", required = true, paramLabel = "DIR") Path output;
    @Option(names = "--hidden", defaultValue = "64", description = "hidden_size (default ${DEFAULT-VALUE})") int hidden;
    @Option(names = "--layers", defaultValue = "2", description = "num_hidden_layers (default ${DEFAULT-VALUE})") int layers;
    @Option(names = "--heads", defaultValue = "4", description = "num_attention_heads (default ${DEFAULT-VALUE})") int heads;
    @Option(names = "--ffn", defaultValue = "256", description = "ffn_dim (default ${DEFAULT-VALUE})") int ffn;
    @Option(names = "--max-positions", defaultValue = "512", description = "max_position_embeddings (default ${DEFAULT-VALUE})") int maxPositions;
    @Option(names = "--word-embed-proj-dim", description = "word_embed_proj_dim (default: hidden)") Integer projDim;
    @Option(names = "--post-ln", description = "post layer norm, like opt-350m") boolean postLn;
    @Option(names = "--seed", defaultValue = "42", description = "initialisation seed (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--tokenizer", defaultValue = "data/tokenizer", description = "tokenizer files to copy (default ${DEFAULT-VALUE})") Path tokenizer;

    @Override
    public Integer call() throws Exception {
        var config = OptConfigs.of(50272, hidden, layers, heads, ffn, maxPositions, projDim == null ? hidden : projDim, !postLn);
        Path tmp = AtomicFiles.tempSibling(output);
        try (OptModel m = OptModels.random(config, seed, Device.cpu(), DataType.FLOAT32)) {
            HfExport.writeModel(tmp, m, ProjectPaths.resolve(tokenizer), EmbeddingSpec.of(Representation.promptEol(), 32));
            AtomicFiles.publishDirectory(tmp, output);
        } finally {
            AtomicFiles.deleteRecursively(tmp);
        }
        System.out.println("wrote a random OPT model (hidden " + hidden + ", " + layers + " layers, seed " + seed + ") to " + output);
        return 0;
    }
}
