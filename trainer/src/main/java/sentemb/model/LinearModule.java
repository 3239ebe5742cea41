package sentemb.model;

import ai.djl.ndarray.NDArray;

/** A module that maps {@code … × in} to {@code … × out}: a plain linear layer, or one wrapped by an adapter. */
public interface LinearModule {
    /** Canonical name, e.g. {@code layers.0.self_attn.q_proj}. */
    String name();

    int inFeatures();

    int outFeatures();

    NDArray forward(NDArray x, boolean training);
}
