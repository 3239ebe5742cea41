package sentemb.model;

import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every parameter of a model under its canonical name, the Hugging Face name without the
 * {@code model.decoder.} prefix (for example {@code layers.0.self_attn.q_proj.weight}).
 * DJL numbers child blocks in its own names; checkpoints, export and the optimizer state all
 * speak Hugging Face names, so the model keeps this map as the single source of truth.
 */
public final class ParamRegistry {
    private final Map<String, Parameter> params = new LinkedHashMap<>();

    public void add(String name, Parameter p) {
        if (params.putIfAbsent(name, p) != null) {
            throw new IllegalStateException("duplicate parameter name " + name);
        }
    }

    public Map<String, Parameter> all() {
        return Collections.unmodifiableMap(params);
    }

    public Parameter get(String name) {
        Parameter p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("model has no parameter named " + name);
        }
        return p;
    }

    public static Parameter newParam(String leaf, Parameter.Type type) {
        return Parameter.builder().setName(leaf).setType(type).build();
    }
}
