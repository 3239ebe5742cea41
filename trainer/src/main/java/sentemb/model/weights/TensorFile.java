package sentemb.model.weights;

import java.io.Closeable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One or more open checkpoint files: the tensor list is known up front, the data is read
 * (and widened to fp32) one tensor at a time, so a loader never holds more than one
 * tensor's heap copy at once.
 */
public interface TensorFile extends Closeable {

    /** Tensor names as stored, in file order. */
    List<String> names();

    /** Dtype, shape and source of a tensor; throws {@link WeightFormatException} for an unknown name. */
    TensorInfo info(String name);

    /** Reads one tensor as fp32. */
    HostTensor read(String name) throws IOException;

    default boolean contains(String name) {
        return names().contains(name);
    }

    /** Reads every tensor, in file order. */
    default Map<String, HostTensor> readAll() throws IOException {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (String name : names()) {
            out.put(name, read(name));
        }
        return out;
    }
}
