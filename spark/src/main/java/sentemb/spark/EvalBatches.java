package sentemb.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import scala.Tuple2;
import sentemb.api.EmbeddingModel;

/**
 * Encodes whole evaluation batches on an executor: each element is (batch key, sentences), and
 * the sentences go to the model as one {@code encode} call, exactly the call {@code sentemb eval}
 * makes for that batch, so the vectors are the same bit for bit.
 */
final class EvalBatches implements FlatMapFunction<Iterator<Tuple2<Long, List<String>>>, Tuple2<Long, float[][]>> {
    private static final long serialVersionUID = 1L;

    private final ModelKey key;

    EvalBatches(ModelKey key) {
        this.key = key;
    }

    @Override
    public Iterator<Tuple2<Long, float[][]>> call(Iterator<Tuple2<Long, List<String>>> batches) {
        EmbeddingModel model = ModelCache.get(key).model();
        List<Tuple2<Long, float[][]>> out = new ArrayList<>();
        while (batches.hasNext()) {
            Tuple2<Long, List<String>> b = batches.next();
            out.add(new Tuple2<>(b._1(), model.encode(b._2())));
        }
        return out.iterator();
    }
}
