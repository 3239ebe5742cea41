package sentemb.cli;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sentemb.checkpoint.EmbeddingSpec;
import sentemb.checkpoint.HfExport;
import sentemb.io.AtomicFiles;
import sentemb.io.ProjectPaths;
import sentemb.model.opt.OptConfig;
import sentemb.model.opt.OptConfigs;
import sentemb.model.DecoderModel;
import sentemb.model.families.DecoderModels;
import sentemb.text.Representation;

/** {@code sentemb init}: a random OPT-architecture model in Hugging Face layout, for tests and CI. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a random OPT model (Hugging Face layout, shipped GPT-2 BPE tokenizer) created from a seed.")
final class InitCommand implements Callable<Integer> {
    /** OPT's embedding rows (50265 real tokens, padded to a multiple of 8). */
    static final int OPT_VOCAB_ROWS = 50272;

    @Option(names = "--output", required = true, paramLabel = "DIR",
            description = "Model folder to write; an existing one must be empty (or, with --force, a model folder, replaced as a whole)")
    Path output;
    @Option(names = "--force", description = "Replace an existing model folder at --output") boolean force;
    @Option(names = "--hidden", defaultValue = "64", description = "hidden_size (default ${DEFAULT-VALUE})") int hidden;
    @Option(names = "--layers", defaultValue = "2", description = "num_hidden_layers (default ${DEFAULT-VALUE})") int layers;
    @Option(names = "--heads", defaultValue = "4", description = "num_attention_heads, must divide --hidden (default ${DEFAULT-VALUE})") int heads;
    @Option(names = "--ffn", defaultValue = "256", description = "ffn_dim (default ${DEFAULT-VALUE})") int ffn;
    @Option(names = "--max-positions", defaultValue = "512", description = "max_position_embeddings (default ${DEFAULT-VALUE})") int maxPositions;
    @Option(names = "--word-embed-proj-dim", description = "word_embed_proj_dim (default: hidden)") Integer projDim;
    @Option(names = "--post-ln", description = "post layer norm, like opt-350m") boolean postLn;
    @Option(names = "--seed", defaultValue = "42", description = "initialisation seed (default ${DEFAULT-VALUE})") long seed;
    @Option(names = "--tokenizer", defaultValue = "data/tokenizer", paramLabel = "DIR",
            description = "tokenizer files to copy (default ${DEFAULT-VALUE})") Path tokenizer;

    @Mixin
    LoggingOptions logging;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        OptConfig config = config();
        Path tokenizerDir = ProjectPaths.resolve(tokenizer);
        if (!Files.isDirectory(tokenizerDir)) {
            throw new IllegalArgumentException("--tokenizer " + tokenizer + " does not exist or is not a directory");
        }
        if (!force) {
            OutputPaths.requireEmptyOrAbsent("--output", output, "--force replaces a model folder");
        }
        OutputPaths.requireReplaceableModelDirectory("--output", output);
        Path tmp = AtomicFiles.tempSibling(output);
        try (DecoderModel m = DecoderModels.random(config, seed, Device.cpu(), DataType.FLOAT32)) {
            HfExport.writeModel(tmp, m, tokenizerDir, EmbeddingSpec.of(Representation.promptEol(), 32));
            AtomicFiles.publishDirectory(tmp, output);
        } finally {
            AtomicFiles.deleteRecursively(tmp);
        }
        spec.commandLine().getOut().println("wrote a random OPT model (hidden " + hidden + ", " + layers + " layers, seed " + seed
                + ") to " + output);
        return 0;
    }

    /** The config the flags describe; each bad value is named by its flag. */
    private OptConfig config() {
        positive("--hidden", hidden);
        positive("--layers", layers);
        positive("--heads", heads);
        positive("--ffn", ffn);
        positive("--max-positions", maxPositions);
        if (projDim != null) {
            positive("--word-embed-proj-dim", projDim);
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("--heads " + heads + " must divide --hidden " + hidden);
        }
        return OptConfigs.of(OPT_VOCAB_ROWS, hidden, layers, heads, ffn, maxPositions, projDim == null ? hidden : projDim, !postLn);
    }

    private static void positive(String flag, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(flag + " must be at least 1, got " + value);
        }
    }
}
