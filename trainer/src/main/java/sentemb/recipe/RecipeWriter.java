package sentemb.recipe;

import com.typesafe.config.ConfigUtil;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Writes a {@link Recipe} as HOCON: every setting, groups in base.conf's order, no comments.
 * Strings are always quoted and numbers written so that they parse back to the same value,
 * which makes the text a faithful, diffable record of a run's settings.
 */
final class RecipeWriter {
    private final StringBuilder out = new StringBuilder();
    private int depth;

    private RecipeWriter() {}

    static String write(Recipe r) {
        RecipeWriter w = new RecipeWriter();
        w.open("run");
        w.put("name", r.run().name());
        w.put("dir", r.run().dir());
        w.put("seed", r.run().seed());
        w.close();

        Recipe.Model m = r.model();
        Recipe.ModelInit init = m.init();
        w.open("model");
        w.put("path", m.path());
        w.put("tokenizer", m.tokenizer());
        w.open("init");
        w.put("vocab-size", init.vocabSize());
        w.put("hidden-size", init.hiddenSize());
        w.put("num-layers", init.numLayers());
        w.put("num-heads", init.numHeads());
        w.put("ffn-dim", init.ffnDim());
        w.put("max-positions", init.maxPositions());
        w.put("word-embed-proj-dim", init.wordEmbedProjDim());
        w.put("do-layer-norm-before", init.doLayerNormBefore());
        w.put("seed", init.seed());
        w.close();
        w.put("dropout", m.dropout());
        w.put("attention-dropout", m.attentionDropout());
        w.close();

        Recipe.Representation rep = r.representation();
        w.open("representation");
        w.put("template", rep.template());
        w.demonstration(rep.demonstration());
        w.put("pooling", rep.pooling());
        w.put("cutoff", rep.cutoff());
        w.close();

        w.open("data");
        w.put("train", r.data().train());
        w.put("max-bad-rows", r.data().maxBadRows());
        w.put("no-duplicates", r.data().noDuplicates());
        w.close();

        w.open("loss");
        w.put("temperature", r.loss().temperature());
        w.put("hard-negative-weight", r.loss().hardNegativeWeight());
        w.close();

        w.open("lora");
        w.put("enabled", r.lora().enabled());
        w.put("r", r.lora().r());
        w.put("alpha", r.lora().alpha());
        w.put("dropout", r.lora().dropout());
        w.put("targets", r.lora().targets());
        w.close();

        Recipe.Optimizer o = r.optimizer();
        w.open("optimizer");
        w.put("lr", o.lr());
        w.put("weight-decay", o.weightDecay());
        w.put("beta1", o.beta1());
        w.put("beta2", o.beta2());
        w.put("eps", o.eps());
        w.put("max-grad-norm", o.maxGradNorm());
        w.put("variant", o.variant());
        w.put("grad-divisor", o.gradDivisor());
        w.close();

        w.open("schedule");
        w.put("warmup-steps", r.schedule().warmupSteps());
        w.put("epochs", r.schedule().epochs());
        w.put("max-steps", r.schedule().maxSteps());
        w.close();

        w.open("batch");
        w.put("size", r.batch().size());
        w.put("micro-size", r.batch().microSize());
        w.put("packed", r.batch().packed());
        w.close();

        w.put("devices", r.devices());
        w.put("precision", r.precision());
        w.put("concurrency", r.concurrency());
        w.put("cpu-workers", r.cpuWorkers());

        w.open("checkpoint");
        w.put("save-every", r.checkpoint().saveEvery());
        w.put("keep-last", r.checkpoint().keepLast());
        w.put("keep-best", r.checkpoint().keepBest());
        w.close();

        Recipe.Eval e = r.eval();
        w.open("eval");
        w.put("every", e.every());
        w.put("data", e.data());
        w.put("tasks", e.tasks());
        w.put("batch-size", e.batchSize());
        w.put("final-tasks", e.finalTasks());
        w.close();

        w.open("logging");
        w.put("format", r.logging().format());
        w.put("progress", r.logging().progress());
        w.put("plot", r.logging().plot());
        w.close();

        w.open("memory");
        w.put("trim-every", r.memory().trimEvery());
        w.close();
        return w.out.toString();
    }

    private void demonstration(Optional<Recipe.Demonstration> demonstration) {
        if (demonstration.isEmpty()) {
            put("demonstration", Optional.empty());
        } else if (demonstration.get().preset().isPresent()) {
            put("demonstration", demonstration.get().preset().get());
        } else {
            open("demonstration");
            put("sentence", demonstration.get().sentence());
            put("word", demonstration.get().word());
            close();
        }
    }

    private void open(String key) {
        indent().append(key).append(" {\n");
        depth++;
    }

    private void close() {
        depth--;
        indent().append("}\n");
    }

    private void put(String key, Object value) {
        indent().append(key).append(" = ").append(render(value)).append('\n');
    }

    private StringBuilder indent() {
        return out.append("  ".repeat(depth));
    }

    static String render(Object value) {
        if (value instanceof Optional<?> opt) {
            return opt.isPresent() ? render(opt.get()) : "null";
        }
        if (value instanceof String || value instanceof Path) {
            return ConfigUtil.quoteString(value.toString());
        }
        if (value instanceof Enum<?> choice) {
            return ConfigUtil.quoteString(Recipe.recipeName(choice));
        }
        if (value instanceof Double d) {
            return number(d);
        }
        if (value instanceof Integer || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(render(list.get(i)));
            }
            return sb.append(']').toString();
        }
        throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " into a recipe");
    }

    /** Plain decimal that parses back to the same double; integral values keep a ".0". */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("a recipe number must be finite, got " + d);
        }
        String plain = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
