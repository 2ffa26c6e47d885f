package org.hequant.models.ir;

/** A tensor's inferred shape and value range. */
public record TensorInfo(TensorShape shape, ValueRange range) {
}
