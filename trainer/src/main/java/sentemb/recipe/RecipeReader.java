package sentemb.recipe;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns a resolved recipe tree into a {@link Recipe}: this class is the schema. It reads every
 * setting with its type and range, then checks the rules that tie settings together
 * (batch vs devices, ...). Problems are collected, never thrown one by one.
 */
final class RecipeReader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RecipeReader.class);
    private static final Pattern RUN_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern DEVICE = Pattern.compile("cpu|gpu:(\\d+)");
    static final String SENTENCE_SLOT = "*sent_0*";

    private final SettingReader in;

    private RecipeReader(SettingReader in) {
        this.in = in;
    }

    /**
     * Reads the recipe, appending every problem to {@code problems}. The returned recipe is
     * meaningful only when no problem was added.
     */
    static Recipe read(ConfigObject root, List<String> problems) {
        SettingReader in = new SettingReader(root, problems);
        Recipe recipe = new RecipeReader(in).readAll();
        in.reportUnknownKeys();
        return recipe;
    }

    /** The valid keys, as the reader asks for them (base.conf must define exactly these). */
    static Set<String> keys(ConfigObject root) {
        SettingReader in = new SettingReader(root, new ArrayList<>());
        new RecipeReader(in).readAll();
        return in.knownKeys();
    }

    private Recipe readAll() {
        Recipe.Run run = run();
        Recipe.Model model = model();
        Recipe.Representation representation = representation();
        Recipe.Data data = data();
        Recipe.Loss loss = new Recipe.Loss(
                in.number("loss.temperature", Range.greaterThan(0)),
                in.number("loss.hard-negative-weight", Range.ANY));
        Recipe.Lora lora = LoraTargets.forModel(in, model, lora());
        Recipe.Optimizer optimizer = new Recipe.Optimizer(
                in.number("optimizer.lr", Range.FLOAT32_POSITIVE),
                in.number("optimizer.weight-decay", Range.atLeast(0)),
                in.number("optimizer.beta1", Range.closedOpen(0, 1)),
                in.number("optimizer.beta2", Range.closedOpen(0, 1)),
                in.number("optimizer.eps", Range.greaterThan(0)),
                in.number("optimizer.max-grad-norm", Range.atLeast(0)),
                in.choice("optimizer.variant", Recipe.Optimizer.Variant.class),
                in.integer("optimizer.grad-divisor", Range.atLeast(0)));
        Recipe.Schedule schedule = new Recipe.Schedule(
                in.integer("schedule.warmup-steps", Range.atLeast(0)),
                in.integer("schedule.epochs", Range.atLeast(1)),
                in.integer("schedule.max-steps", new Range(x -> x == -1 || x >= 1, "-1 (from epochs) or >= 1")));
        Recipe.Batch batch = new Recipe.Batch(
                in.integer("batch.size", Range.atLeast(1)),
                in.integer("batch.micro-size", Range.atLeast(0)),
                in.bool("batch.packed"));
        for (String key : List.of("batch.length-buckets", "batch.pass-overhead-tokens")) {
            in.retired(key).ifPresent(where -> LOG.warn("{}: '{}' no longer applies (batches are packed, with no"
                    + " padding to plan around: batch.packed); ignored", where, key));
        }
        List<String> devices = devices();
        Recipe.Precision precision = in.choice("precision", Recipe.Precision.class);
        Recipe.Concurrency concurrency = in.choice("concurrency", Recipe.Concurrency.class);
        int cpuWorkers = in.integer("cpu-workers", Range.closed(1, 64));
        Recipe.Checkpoint checkpoint = new Recipe.Checkpoint(
                in.integer("checkpoint.save-every", Range.atLeast(1)),
                in.integer("checkpoint.keep-last", Range.atLeast(1)),
                in.bool("checkpoint.keep-best"));
        Recipe.Eval eval = new Recipe.Eval(
                in.integer("eval.every", Range.atLeast(0)),
                in.path("eval.data"),
                in.strings("eval.tasks", Recipe.Eval.DEV_TASKS),
                in.integer("eval.batch-size", Range.atLeast(1)),
                in.strings("eval.final-tasks", Recipe.Eval.FINAL_TASKS));
        Recipe.Logging logging = new Recipe.Logging(
                in.choice("logging.format", Recipe.LogFormat.class),
                in.bool("logging.progress"),
                in.bool("logging.plot"));
        Recipe.Memory memory = new Recipe.Memory(in.integer("memory.trim-every", Range.atLeast(0)));

        crossChecks(batch, devices, precision, checkpoint, eval, lora);
        return new Recipe(run, model, representation, data, loss, lora, optimizer, schedule, batch,
                devices, precision, concurrency, cpuWorkers, checkpoint, eval, logging, memory);
    }

    private Recipe.Run run() {
        String name = in.string("run.name");
        if (!RUN_NAME.matcher(name).matches()) {
            in.problem("run.name", "= \"" + name + "\" must be a folder name: letters, digits, '.', '_', '-'");
        }
        return new Recipe.Run(name, in.path("run.dir"), in.integer("run.seed", Range.ANY));
    }

    private Recipe.Model model() {
        var path = in.optionalPath("model.path");
        var tokenizer = in.optionalPath("model.tokenizer");
        int hidden = in.integer("model.init.hidden-size", Range.atLeast(1));
        Recipe.ModelInit init = new Recipe.ModelInit(
                in.integer("model.init.vocab-size", Range.atLeast(4)),
                hidden,
                in.integer("model.init.num-layers", Range.atLeast(1)),
                in.integer("model.init.num-heads", Range.atLeast(1)),
                in.integer("model.init.ffn-dim", Range.atLeast(1)),
                in.integer("model.init.max-positions", Range.atLeast(1)),
                in.optionalInteger("model.init.word-embed-proj-dim", Range.atLeast(1)),
                in.bool("model.init.do-layer-norm-before"),
                in.integer("model.init.seed", Range.ANY));
        if (init.numHeads() > 0 && hidden % init.numHeads() != 0) {
            in.problem("model.init.num-heads", "= " + init.numHeads() + " must divide model.init.hidden-size = " + hidden);
        }
        return new Recipe.Model(path, tokenizer, init,
                in.optionalNumber("model.dropout", Range.closedOpen(0, 1)),
                in.optionalNumber("model.attention-dropout", Range.closedOpen(0, 1)));
    }

    private Recipe.Representation representation() {
        String template = in.string("representation.template");
        int slots = countOccurrences(template, SENTENCE_SLOT);
        if (slots != 1) {
            in.problem("representation.template", "must contain " + SENTENCE_SLOT + " exactly once, has it "
                    + slots + " times");
        }
        return new Recipe.Representation(template,
                demonstration("representation.demonstration"),
                in.choice("representation.pooling", sentemb.model.Pooling.class),
                in.integer("representation.cutoff", Range.atLeast(1)));
    }

    /** null, a preset name, or { sentence, word }. */
    private Optional<Recipe.Demonstration> demonstration(String path) {
        ConfigValue v = in.raw(path);
        if (v == null || v.valueType() == ConfigValueType.NULL) {
            return Optional.empty();
        }
        if (v.valueType() == ConfigValueType.STRING) {
            String name = (String) v.unwrapped();
            Optional<Recipe.Demonstration> preset = DemonstrationPresets.named(name);
            if (preset.isEmpty()) {
                in.problemAt(v, "'" + path + "' = \"" + name + "\" is not a preset; presets: "
                        + String.join(", ", DemonstrationPresets.names())
                        + SettingReader.didYouMean(name, DemonstrationPresets.names()));
            }
            return preset;
        }
        if (v.valueType() != ConfigValueType.OBJECT) {
            in.problemAt(v, "'" + path + "' must be null, a preset name or { sentence = \"...\", word = \"...\" }, got "
                    + SettingReader.describe(v));
            return Optional.empty();
        }
        ConfigObject obj = (ConfigObject) v;
        List<String> fields = List.of("sentence", "word");
        for (String key : new TreeSet<>(obj.keySet())) {
            if (!fields.contains(key)) {
                in.problemAt(obj.get(key), "unknown key '" + path + "." + key + "'"
                        + SettingReader.didYouMean(key, fields));
            }
        }
        String[] texts = new String[2];
        for (int i = 0; i < 2; i++) {
            ConfigValue f = obj.get(fields.get(i));
            if (f == null) {
                in.problemAt(v, "'" + path + "' needs '" + fields.get(i) + "'");
            } else if (f.valueType() != ConfigValueType.STRING || ((String) f.unwrapped()).isBlank()) {
                in.problemAt(f, "'" + path + "." + fields.get(i) + "' must be a non-empty string, got "
                        + SettingReader.describe(f));
            } else {
                texts[i] = (String) f.unwrapped();
            }
        }
        if (texts[0] == null || texts[1] == null) {
            return Optional.empty();
        }
        return Optional.of(new Recipe.Demonstration(Optional.empty(), texts[0], texts[1]));
    }

    private Recipe.Data data() {
        return new Recipe.Data(
                in.path("data.train"),
                in.integer("data.max-bad-rows", Range.atLeast(0)),
                in.bool("data.no-duplicates"));
    }

    private Recipe.Lora lora() {
        return new Recipe.Lora(
                in.bool("lora.enabled"),
                in.integer("lora.r", Range.greaterThan(0)),
                in.integer("lora.alpha", Range.greaterThan(0)),
                in.number("lora.dropout", Range.closedOpen(0, 1)),
                in.optionalStrings("lora.targets", Recipe.Lora.ALL_TARGETS));
    }

    private List<String> devices() {
        List<String> devices = in.strings("devices", null, true);
        Set<String> gpus = new HashSet<>();
        for (String d : devices) {
            if (!DEVICE.matcher(d).matches()) {
                in.problem("devices", "has \"" + d + "\"; each entry must be \"cpu\" or \"gpu:<index>\"");
            } else if (!d.equals("cpu") && !gpus.add(d)) {
                in.problem("devices", "lists \"" + d + "\" twice; one replica per GPU");
            }
        }
        return devices;
    }

    private void crossChecks(Recipe.Batch batch, List<String> devices, Recipe.Precision precision,
                             Recipe.Checkpoint checkpoint, Recipe.Eval eval, Recipe.Lora lora) {
        long cpus = devices.stream().filter("cpu"::equals).count();
        if (devices.isEmpty()) {
            in.problem("devices", "must name at least one device");
        } else if (cpus > 0 && cpus < devices.size()) {
            in.problem("devices", "= " + devices + " mixes cpu and gpu; use one kind");
        }
        if (!devices.isEmpty() && batch.size() > 0) {
            if (batch.size() % devices.size() != 0) {
                in.problem("batch.size", "= " + batch.size() + " must be a multiple of the number of devices ("
                        + devices.size() + ")");
            } else if (batch.microSize() > batch.size() / devices.size()) {
                in.problem("batch.micro-size", "= " + batch.microSize() + " must be at most the per-device batch "
                        + batch.size() / devices.size() + " (batch.size / devices), or 0");
            }
        }
        if (lora.enabled() && lora.targets().map(List::isEmpty).orElse(false)) {
            in.problem("lora.targets", "must name at least one layer when lora.enabled = true (or be null: the model family's default)");
        }
        if (eval.every() > 0 && eval.tasks().isEmpty()) {
            in.problem("eval.tasks", "must name at least one task when eval.every > 0");
        }
        if (checkpoint.keepBest() && eval.every() == 0) {
            in.problem("checkpoint.keep-best", "= true needs scores, so eval.every must be > 0 "
                    + "(or set checkpoint.keep-best = false)");
        }
    }

    private static int countOccurrences(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }
}
