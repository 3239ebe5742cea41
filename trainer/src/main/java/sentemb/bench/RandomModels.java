package sentemb.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Map;
import sentemb.model.opt.OptModel;
import sentemb.model.opt.OptWeights;

/**
 * Random OPT weights drawn by the engine (HF's initialisation: matrices N(0, 0.02), biases 0,
 * layer norms γ=1 β=0), so a 350m-shaped model never passes through the Java heap (unlike
 * {@link sentemb.model.opt.OptModels#random}, which builds host arrays first and would distort the
 * heap and RSS numbers). Values differ from run to run of other engines; speed does not depend
 * on them.
 */
final class RandomModels {
    private RandomModels() {}

    static OptModel fp32(BenchShape shape, long seed) {
        Engine.getInstance().setRandomSeed((int) seed);
        OptModel model = new OptModel(shape.config(), Device.cpu(), DataType.FLOAT32);
        Map<String, long[]> shapes = OptWeights.expectedShapes(shape.config());
        for (Map.Entry<String, Parameter> e : model.parameters().all().entrySet()) {
            String name = e.getKey();
            Shape s = new Shape(shapes.get(name));
            NDArray a;
            if (name.contains("layer_norm")) {
                a = name.endsWith(".weight") ? model.manager().ones(s) : model.manager().zeros(s);
            } else if (name.endsWith(".bias")) {
                a = model.manager().zeros(s);
            } else {
                a = model.manager().randomNormal(0f, 0.02f, s, DataType.FLOAT32);
            }
            e.getValue().setArray(a);
        }
        return model;
    }
}
