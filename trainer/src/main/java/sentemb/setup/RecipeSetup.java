package sentemb.setup;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sentemb.io.ProjectPaths;
import sentemb.model.DecoderConfig;
import sentemb.model.DecoderModel;
import sentemb.model.families.DecoderModels;
import sentemb.model.lora.LoraInjector;
import sentemb.model.opt.OptConfigs;
import sentemb.recipe.Recipe;
import sentemb.text.Demonstration;
import sentemb.text.PromptTokenizer;
import sentemb.text.PromptTemplate;
import sentemb.text.Representation;

/**
 * Builds what a recipe describes: the base model (a Hugging Face directory, or a random
 * model from a seed), LoRA adapters or full fine-tuning, the devices, and the
 * training/evaluation representations. Training, resume and export all build through here,
 * so a checkpoint's trainable weights always land on the same structure. (The replicas that
 * training runs are built from these in {@code sentemb.train.Replicas}.)
 */
public final class RecipeSetup {
    private RecipeSetup() {}

    public static List<Device> devices(List<String> specs) {
        sentemb.engine.LibtorchVersion.require(); // a wrong local libtorch fails here, in one line, not in native code
        List<Device> out = new ArrayList<>();
        for (String s : specs) {
            if (s.equals("cpu")) {
                out.add(Device.cpu());
            } else if (s.matches("gpu:\\d+")) {
                out.add(Device.gpu(Integer.parseInt(s.substring(4))));
            } else {
                throw new IllegalArgumentException("devices: '" + s + "' is not cpu or gpu:N");
            }
        }
        return out;
    }

    public static DataType computeType(Recipe r) {
        return r.precision() == Recipe.Precision.FP16 ? DataType.FLOAT16 : DataType.FLOAT32;
    }

    /** The config of the recipe's random model (model.path null), dropout overrides applied. */
    public static DecoderConfig randomConfig(Recipe r) {
        Recipe.ModelInit i = r.model().init();
        return adjust(r, OptConfigs.of(i.vocabSize(), i.hiddenSize(), i.numLayers(), i.numHeads(), i.ffnDim(),
                i.maxPositions(), i.effectiveWordEmbedProjDim(), i.doLayerNormBefore()));
    }

    static DecoderConfig adjust(Recipe r, DecoderConfig c) {
        float dropout = r.model().dropout().map(Double::floatValue).orElse(c.dropout());
        float attn = r.model().attentionDropout().map(Double::floatValue).orElse(c.attentionDropout());
        return c.withDropout(dropout, attn);
    }

    /** The base model before any training (weights from model.path or model.init.seed). */
    public static DecoderModel baseModel(Recipe r, Device device, DataType dtype) throws IOException {
        if (r.model().path().isPresent()) {
            return DecoderModels.load(ProjectPaths.resolve(r.model().path().get()), device, dtype, c -> adjust(r, c));
        }
        return DecoderModels.random(randomConfig(r), r.model().init().seed(), device, dtype);
    }

    /**
     * Adds LoRA adapters when enabled (seeded by run.seed, identical on every replica) and
     * returns the trainable parameters by canonical name: the adapters, or every weight.
     */
    public static Map<String, Parameter> makeTrainable(Recipe r, DecoderModel model) {
        if (r.lora().enabled()) {
            for (Parameter p : model.parameters().all().values()) {
                p.freeze(true);
            }
            return LoraInjector.inject(model, r.lora().adapter(model.family()), r.run().seed());
        }
        return new LinkedHashMap<>(model.parameters().all());
    }

    public static PromptTokenizer tokenizer(Recipe r) {
        return PromptTokenizer.load(ProjectPaths.resolve(r.model().tokenizerDir()));
    }

    /** Evaluation representation: template, demonstration, pooling, clean-up on, no cut. */
    public static Representation evalRepresentation(Recipe r) {
        Representation rep = Representation.forEvaluation()
                .withTemplate(PromptTemplate.parse(r.representation().template()))
                .withPooling(r.representation().pooling());
        return r.representation().demonstration()
                .map(d -> rep.withDemonstration(new Demonstration(d.sentence(), d.word())))
                .orElse(rep);
    }

    /** Training representation: like evaluation but no clean-up, and the cutoff applied. */
    public static Representation trainRepresentation(Recipe r) {
        return evalRepresentation(r).withCleanup(false).withCutoff(r.representation().cutoff());
    }
}
