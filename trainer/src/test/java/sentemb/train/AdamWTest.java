package sentemb.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sentemb.recipe.Recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdamWTest {
    private static final JsonNode FIXTURE = OptimFixtures.load("adamw.json");
    private static final double RTOL = 1e-6;

    private static List<TrainableParam> params(NDManager m, boolean requiresGrad) {
        List<TrainableParam> out = new ArrayList<>();
        for (JsonNode p : FIXTURE.get("params")) {
            NDArray a = m.create(OptimFixtures.floats(p.get("init")), OptimFixtures.shape(p.get("shape")));
            a.setRequiresGradient(requiresGrad);
            String name = p.get("name").asText();
            // the fixture's decay flags follow the HF rule, so the helper must agree with them
            assertEquals(p.get("weight_decay").asBoolean(), !AdamW.noDecay(name), name);
            out.add(TrainableParam.withDefaultDecay(name, a));
        }
        return out;
    }

    private static List<NDArray> grads(NDManager m, int step) {
        List<NDArray> out = new ArrayList<>();
        for (JsonNode p : FIXTURE.get("params")) {
            out.add(m.create(OptimFixtures.floats(p.get("grads").get(step)), OptimFixtures.shape(p.get("shape"))));
        }
        return out;
    }

    private static AdamW optimizer(List<TrainableParam> params, JsonNode c) {
        Recipe.Optimizer.Variant v = c.get("variant").asText().equals("torch") ? Recipe.Optimizer.Variant.TORCH : Recipe.Optimizer.Variant.HF_LEGACY;
        return new AdamW(params, c.get("betas").get(0).asDouble(), c.get("betas").get(1).asDouble(),
                c.get("eps").asDouble(), c.get("weight_decay").asDouble(), v);
    }

    private static LinearWarmupSchedule schedule(JsonNode c) {
        return new LinearWarmupSchedule(c.get("base_lr").asDouble(), c.get("warmup").asLong(), c.get("total").asLong());
    }

    private static void assertParamsAfter(List<TrainableParam> params, JsonNode c, int step) {
        JsonNode expected = c.get("params_after_step").get(step);
        for (int i = 0; i < params.size(); i++) {
            OptimFixtures.assertClose(OptimFixtures.doubles(expected.get(i)),
                    OptimFixtures.values(params.get(i).array()), RTOL, 1e-7,
                    c.get("variant").asText() + " wd " + c.get("weight_decay") + " step " + step + " " + params.get(i).name());
        }
    }

    private static double maxAbsGradient(int param) {
        double max = 0;
        for (JsonNode step : FIXTURE.get("params").get(param).get("grads")) {
            for (double v : OptimFixtures.doubles(step)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    private static void assertState(AdamW opt, JsonNode c, NDManager m) {
        Map<String, NDArray> state = opt.stateDict(m);
        JsonNode expected = c.get("state");
        for (int i = 0; i < opt.params().size(); i++) {
            TrainableParam p = opt.params().get(i);
            JsonNode e = expected.get(p.name());
            // moving averages of gradients of either sign cancel: the float32 rounding error is
            // relative to the gradient scale (1e-7 for one parameter), not to the average itself
            double g = maxAbsGradient(i);
            OptimFixtures.assertClose(OptimFixtures.doubles(e.get("exp_avg")),
                    OptimFixtures.values(state.get(p.name() + ".exp_avg")), RTOL, 1e-6 * g, p.name() + ".exp_avg");
            OptimFixtures.assertClose(OptimFixtures.doubles(e.get("exp_avg_sq")),
                    OptimFixtures.values(state.get(p.name() + ".exp_avg_sq")), RTOL, 1e-6 * g * g, p.name() + ".exp_avg_sq");
            assertEquals(e.get("step").asLong(), state.get("step").toLongArray()[0]);
        }
        assertEquals(2 * opt.params().size() + 1, state.size());
    }

    /** Explicit gradients against torch.optim.AdamW / transformers.AdamW, lr from the HF schedule. */
    @Test
    void explicitGradientsMatchTorchAndHf() {
        int steps = FIXTURE.get("steps").asInt();
        for (JsonNode c : FIXTURE.get("cases")) {
            try (NDManager m = NDManager.newBaseManager()) {
                List<TrainableParam> params = params(m, false);
                LinearWarmupSchedule schedule = schedule(c);
                try (AdamW opt = optimizer(params, c)) {
                    for (int k = 0; k < steps; k++) {
                        double lr = schedule.lr(opt.stepCount());
                        assertEquals(c.get("lrs").get(k).asDouble(), lr, 0.0, "lr at step " + k);
                        try (NDManager stepScope = m.newSubManager()) {
                            opt.step(lr, grads(stepScope, k));
                        }
                        assertEquals(k + 1, opt.stepCount());
                        assertParamsAfter(params, c, k);
                    }
                    assertState(opt, c, m);
                }
            }
        }
    }

    /** Gradients read from autograd (backward of sum(p * G), so dL/dp = G), zeroed after each step. */
    @Test
    void autogradGradientsMatchAndAreZeroedBetweenSteps() {
        int steps = FIXTURE.get("steps").asInt();
        for (JsonNode c : FIXTURE.get("cases")) {
            try (NDManager m = NDManager.newBaseManager()) {
                List<TrainableParam> params = params(m, true);
                LinearWarmupSchedule schedule = schedule(c);
                try (AdamW opt = optimizer(params, c)) {
                    for (int k = 0; k < steps; k++) {
                        backwardWithGradients(m, params, k);
                        opt.step(schedule.lr(opt.stepCount()));
                        params.forEach(TrainableParam::zeroGradient);
                        assertParamsAfter(params, c, k);
                    }
                }
            }
        }
    }

    private static void backwardWithGradients(NDManager m, List<TrainableParam> params, int step) {
        try (NDManager scope = m.newSubManager()) {
            List<NDArray> g = grads(scope, step);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = null;
                for (int i = 0; i < params.size(); i++) {
                    // g first: results attach to the scope's manager, not to the parameters'
                    NDArray term = g.get(i).mul(params.get(i).array()).sum();
                    loss = loss == null ? term : loss.add(term);
                }
                gc.backward(loss);
            }
        }
    }

    /** The fixture separates the two formulas: the torch variant must not pass the HF golden values. */
    @Test
    void variantsDiffer() {
        JsonNode hf = FIXTURE.get("cases").get(2);
        assertEquals("hf", hf.get("variant").asText());
        try (NDManager m = NDManager.newBaseManager()) {
            List<TrainableParam> params = params(m, false);
            try (AdamW opt = new AdamW(params, hf.get("weight_decay").asDouble())) {
                for (int k = 0; k < FIXTURE.get("steps").asInt(); k++) {
                    opt.step(schedule(hf).lr(k), grads(m, k));
                }
            }
            assertThrows(AssertionError.class, () -> assertParamsAfter(params, hf, 4));
        }
    }

    /** Save after 3 steps through safetensors, load into a fresh optimizer, finish: equals the 5-step run. */
    @Test
    void stateRoundTripsThroughSafetensors() throws IOException {
        JsonNode c = FIXTURE.get("cases").get(1);
        int steps = FIXTURE.get("steps").asInt();
        LinearWarmupSchedule schedule = schedule(c);
        try (NDManager m = NDManager.newBaseManager()) {
            List<TrainableParam> params = params(m, false);
            byte[] saved;
            float[][] weights = new float[params.size()][];
            try (AdamW opt = optimizer(params, c)) {
                for (int k = 0; k < 3; k++) {
                    opt.step(schedule.lr(opt.stepCount()), grads(m, k));
                }
                Map<String, NDArray> state = opt.stateDict(m);
                NDList list = new NDList();
                state.forEach((name, a) -> {
                    a.setName(name);
                    list.add(a);
                });
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                list.encode(bytes, NDList.Encoding.SAFETENSORS);
                saved = bytes.toByteArray();
                for (int i = 0; i < params.size(); i++) {
                    weights[i] = params.get(i).array().toFloatArray();
                }
            }
            List<TrainableParam> resumed = new ArrayList<>();
            for (int i = 0; i < params.size(); i++) {
                TrainableParam p = params.get(i);
                resumed.add(new TrainableParam(p.name(), m.create(weights[i], p.shape()), p.weightDecay()));
            }
            Map<String, NDArray> loaded = new LinkedHashMap<>();
            for (NDArray a : NDList.decode(m, saved)) {
                loaded.put(a.getName(), a);
            }
            assertEquals(DataType.INT64, loaded.get("step").getDataType());
            try (AdamW opt = optimizer(resumed, c)) {
                opt.loadStateDict(loaded, "test state");
                assertEquals(3, opt.stepCount());
                for (int k = 3; k < steps; k++) {
                    opt.step(schedule.lr(opt.stepCount()), grads(m, k));
                }
                assertParamsAfter(resumed, c, steps - 1);
                assertState(opt, c, m);
            }
        }
    }

    @Test
    void loadStateDictRejectsMismatches() {
        try (NDManager m = NDManager.newBaseManager(); AdamW opt = new AdamW(params(m, false), 0.0)) {
            Map<String, NDArray> good = opt.stateDict(m);

            Map<String, NDArray> missing = new LinkedHashMap<>(good);
            missing.remove("layers.0.fc1.bias.exp_avg_sq");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> opt.loadStateDict(missing, "ckpt/optimizer.safetensors"));
            assertTrue(e.getMessage().contains("ckpt/optimizer.safetensors"), e.getMessage());
            assertTrue(e.getMessage().contains("layers.0.fc1.bias.exp_avg_sq"), e.getMessage());

            Map<String, NDArray> extra = new LinkedHashMap<>(good);
            extra.put("other.weight.exp_avg", m.zeros(new ai.djl.ndarray.types.Shape(2)));
            e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(extra, "x"));
            assertTrue(e.getMessage().contains("other.weight.exp_avg"), e.getMessage());

            Map<String, NDArray> badShape = new LinkedHashMap<>(good);
            badShape.put("layers.0.fc1.weight.exp_avg", m.zeros(new ai.djl.ndarray.types.Shape(4, 3)));
            e = assertThrows(IllegalArgumentException.class, () -> opt.loadStateDict(badShape, "x"));
            assertTrue(e.getMessage().contains("layers.0.fc1.weight.exp_avg") && e.getMessage().contains("(3, 4)"),
                    e.getMessage());
        }
    }

    @Test
    void rejectsBadGradientsAndDuplicateNames() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<TrainableParam> params = params(m, false);
            try (AdamW opt = new AdamW(params, 0.0)) {
                List<NDArray> g = grads(m, 0);
                g.set(0, m.zeros(new ai.djl.ndarray.types.Shape(4, 3)));
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.step(1e-3, g));
                assertTrue(e.getMessage().contains("layers.0.fc1.weight"), e.getMessage());
                assertEquals(0, opt.stepCount(), "a rejected step must not count");
                // no backward happened: reading autograd gradients is an error, not zeros
                assertThrows(IllegalStateException.class, () -> opt.step(1e-3));
            }
            List<TrainableParam> dup = List.of(params.get(0), params.get(0));
            assertThrows(IllegalArgumentException.class, () -> new AdamW(dup, 0.0));
        }
    }

    @Test
    void noDecayFollowsHfRule() {
        for (String name : List.of("model.decoder.layers.0.self_attn.q_proj.bias", "model.decoder.layers.3.fc2.bias",
                "model.decoder.layers.0.self_attn_layer_norm.weight", "model.decoder.layers.0.final_layer_norm.weight",
                "model.decoder.final_layer_norm.weight", "model.decoder.final_layer_norm.bias",
                "model.layers.0.input_layernorm.weight", "model.norm.weight", "transformer.ln_f.weight")) {
            assertTrue(AdamW.noDecay(name), name);
        }
        for (String name : List.of("model.decoder.layers.0.self_attn.q_proj.weight", "model.decoder.embed_tokens.weight",
                "base_model.model.model.decoder.layers.0.self_attn.v_proj.lora_A.default.weight",
                "model.decoder.layers.0.fc1.lora_B.weight", "model.decoder.embed_positions.weight")) {
            assertFalse(AdamW.noDecay(name), name);
        }
    }

    /** 200 steps (backward, clip, step, zero) leave the number of live NDArrays unchanged. */
    @Test
    void stepsDoNotLeakArrays() {
        try (NDManager m = NDManager.newBaseManager()) {
            List<TrainableParam> params = params(m, true);
            try (AdamW opt = new AdamW(params, 0.01)) {
                backwardWithGradients(m, params, 0);
                GradClipping.clipParams(params, 1.0);
                opt.step(1e-3);
                params.forEach(TrainableParam::zeroGradient);
                int before = m.getManagedArrays().size();
                for (int k = 0; k < 200; k++) {
                    backwardWithGradients(m, params, k % 5);
                    GradClipping.clipParams(params, 1.0);
                    opt.step(1e-3);
                    params.forEach(TrainableParam::zeroGradient);
                }
                assertEquals(before, m.getManagedArrays().size(), "live arrays after 200 steps");
                assertEquals(201, opt.stepCount());
            }
        }
    }
}
