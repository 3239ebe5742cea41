package sentemb.cli;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import sentemb.checkpoint.EmbeddingSpec;
import sentemb.eval.PromptEolEncoder;
import sentemb.model.DecoderModel;
import sentemb.model.families.DecoderFamilies;
import sentemb.model.families.DecoderModels;
import sentemb.model.Pooling;
import sentemb.model.SequenceEmbedder;
import sentemb.text.Demonstration;
import sentemb.text.PromptTokenizer;
import sentemb.text.PromptTemplate;
import sentemb.text.Representation;

/** Options shared by the verbs that embed with a model directory (eval, embed, icl-search). */
final class EncoderOptions {
    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Hugging Face OPT directory (config.json, weights, tokenizer files), e.g. an exported sentemb model")
    Path model;

    @Option(names = "--template", paramLabel = "T",
            description = "Prompt template in the reference's syntax (default: the model's sentemb.json, else ${DEFAULT-VALUE})",
            defaultValue = PromptTemplate.PROMPT_EOL)
    String template;

    @Option(names = "--demonstration", paramLabel = "PRESET",
            description = "In-context demonstration preset: opt-125m, opt-350m, opt-1.3b, opt-2.7b, opt-6.7b, opt-13b, opt-30b, opt-66b")
    String demonstration;

    @Option(names = "--demonstration-file", paramLabel = "FILE",
            description = "best-demonstration.json written by `sentemb icl-search`")
    Path demonstrationFile;

    @Option(names = "--pooling", paramLabel = "last|mean", description = "last token (PromptEOL) or mean of the last layer")
    String pooling;

    @Option(names = "--batch-size", defaultValue = "32", description = "Sentences per forward pass (default ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu:N (default ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--no-prefix-sharing", description = "Recompute the shared prompt prefix for every sentence (for benchmarking)")
    boolean noPrefixSharing;

    /**
     * Checks the options that need no model loaded (the folder exists, batch size, device,
     * template, demonstration, pooling) and returns the representation: the model's
     * sentemb.json if any, then the flags on top. Verbs call this before any slow work.
     */
    Representation prepare(boolean cleanup) {
        if (!Files.exists(model)) {
            throw new IllegalArgumentException("--model " + model + " does not exist");
        }
        if (!Files.isDirectory(model)) {
            throw new IllegalArgumentException("--model " + model + " is not a directory (expected a Hugging Face model folder)");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        DeviceOption.parse(device);
        DecoderFamilies.readConfig(model); // architecture and config.json errors before any slow work
        EmbeddingSpec spec = EmbeddingSpec.read(model);
        Representation r = spec != null ? spec.representation() : Representation.promptEol();
        if (spec == null || !template.equals(PromptTemplate.PROMPT_EOL)) {
            r = r.withTemplate(PromptTemplate.parse(template));
        }
        if (demonstration != null && demonstrationFile != null) {
            throw new IllegalArgumentException("give --demonstration or --demonstration-file, not both");
        }
        if (demonstration != null) {
            r = r.withDemonstration(Demonstration.preset(demonstration));
        }
        if (demonstrationFile != null) {
            r = r.withDemonstration(sentemb.eval.icl.BestDemonstrationFile.readBest(demonstrationFile));
        }
        if (pooling != null) {
            r = r.withPooling(Pooling.parse(pooling));
        }
        return r.withCleanup(cleanup);
    }

    DecoderModel loadModel() throws IOException {
        return DecoderModels.load(model, DeviceOption.parse(device), DataType.FLOAT32);
    }

    PromptEolEncoder encoder(DecoderModel m, PromptTokenizer tok, Representation rep) {
        return new PromptEolEncoder(SequenceEmbedder.packed(m, rep.pooling(), !noPrefixSharing), tok, rep, batchSize,
                "model " + model);
    }
}
