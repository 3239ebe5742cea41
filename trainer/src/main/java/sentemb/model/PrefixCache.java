package sentemb.model;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * A prompt prefix (BOS, demonstration, template head) run through the model once: per layer
 * the keys/values of its {@code length} positions ({@code 1 × heads × length × headDim}), and
 * its last-layer outputs ({@code 1 × length × dim}, needed only for mean pooling). Every
 * sentence of a batch then attends to these instead of recomputing them.
 */
public record PrefixCache(List<KeyValue> layers, NDArray hidden, int length) {}
