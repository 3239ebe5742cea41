package sentemb.model;

import ai.djl.ndarray.NDArray;

/** Keys and values of one attention layer, shaped {@code batch × heads × length × headDim}. */
public record KeyValue(NDArray keys, NDArray values) {}
