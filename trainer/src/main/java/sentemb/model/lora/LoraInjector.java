package sentemb.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import sentemb.model.LinearLayer;
import sentemb.model.OptDecoderLayer;
import sentemb.model.OptModel;

/**
 * Puts LoRA adapters on the chosen linear modules of every decoder layer. A is
 * Kaiming-uniform as PEFT initialises it ({@code kaiming_uniform_(a=√5)}, i.e.
 * U(-1/√in, 1/√in)), B is zero, so a fresh adapter leaves the model's output unchanged.
 */
public final class LoraInjector {
    private LoraInjector() {}

    /** Adapter parameters by canonical name, e.g. {@code layers.0.self_attn.q_proj.lora_A.weight}. */
    public static Map<String, Parameter> inject(OptModel model, LoraConfig cfg, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (LinearLayer target : targets(model, cfg.targets())) {
            LoraAdapter adapter = new LoraAdapter(cfg.r(), cfg.scale(), cfg.dropout());
            int in = target.inFeatures();
            float bound = (float) (1.0 / Math.sqrt(in));
            float[] a = new float[cfg.r() * in];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
            NDArray aArr = model.manager().create(a, new Shape(cfg.r(), in)).toType(model.dtype(), false);
            NDArray bArr = model.manager().zeros(new Shape(target.outFeatures(), cfg.r()), model.dtype());
            adapter.a().setArray(aArr);
            adapter.b().setArray(bArr);
            target.attachLora(adapter);
            out.put(target.name() + ".lora_A.weight", adapter.a());
            out.put(target.name() + ".lora_B.weight", adapter.b());
        }
        return out;
    }

    /** Folds every adapter into its base weight and removes it (for export). */
    public static void mergeAll(OptModel model) {
        for (OptDecoderLayer layer : model.layers()) {
            for (LinearLayer l : LayerModules.all(layer)) {
                LoraAdapter a = l.lora();
                if (a != null) {
                    NDArray merged = a.mergedWeight(l.weight().getArray());
                    l.weight().getArray().set(merged.toFloatArray());
                    merged.close();
                    l.detachLora();
                }
            }
        }
    }

    static List<LinearLayer> targets(OptModel model, List<String> names) {
        return model.layers().stream()
                .flatMap(layer -> LayerModules.all(layer).stream())
                .filter(l -> names.contains(l.name().substring(l.name().lastIndexOf('.') + 1)))
                .toList();
    }
}
