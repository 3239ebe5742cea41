package sentemb.model.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import sentemb.model.DecoderModel;
import sentemb.model.LinearSlot;

/**
 * Puts LoRA adapters on the chosen linear modules of every decoder layer. A is
 * Kaiming-uniform as PEFT initialises it ({@code kaiming_uniform_(a=√5)}, i.e.
 * U(-1/√in, 1/√in)), B is zero, so a fresh adapter leaves the model's output unchanged.
 */
public final class LoraInjector {
    private LoraInjector() {}

    /** Adapter parameters by canonical name, e.g. {@code layers.0.self_attn.q_proj.lora_A.weight}. */
    public static Map<String, Parameter> inject(DecoderModel model, LoraConfig cfg, long seed) {
        cfg.validate(model.family().loraTargets(), model.family().name());
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (LinearSlot target : targets(model, cfg.targets())) {
            LoraAdapter adapter = new LoraAdapter(cfg.r(), cfg.scale(), (float) cfg.dropout());
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
            if (target.module() != target.base()) {
                throw new IllegalStateException(target.name() + " already has a LoRA adapter");
            }
            target.replace(new LoraLinear(target.base(), adapter));
            out.put(target.name() + ".lora_A.weight", adapter.a());
            out.put(target.name() + ".lora_B.weight", adapter.b());
        }
        return out;
    }

    /** Folds every adapter into its base weight and puts the base layer back (for export). */
    public static void mergeAll(DecoderModel model) {
        for (LinearSlot slot : model.linearModules()) {
            if (slot.module() instanceof LoraLinear l) {
                NDArray merged = l.adapter().mergedWeight(l.base().weight().getArray());
                l.base().weight().getArray().set(merged.toFloatArray());
                merged.close();
                slot.replace(l.base());
            }
        }
    }

    static List<LinearSlot> targets(DecoderModel model, List<String> names) {
        return model.linearModules().stream()
                .filter(l -> names.contains(l.name().substring(l.name().lastIndexOf('.') + 1)))
                .toList();
    }
}
