package org.hequant.models.onnx;

import org.hequant.models.ir.ValueRange;

/**
 * An ONNX quantized activation as the IR holds it: IR tensor {@code irName} carries q − offset with range
 * {@code range}. Inside the network offset equals the zero point. Only the network input may keep a
 * {@link #residualZeroPoint()} (offset 0 when its zero point has no exact IR coding): consumers fold it
 * into their bias, or reject it.
 */
record QuantizedTensor(String irName, QuantParams params, long offset, ValueRange range) {
    long residualZeroPoint() {
        return params.zeroPoint() - offset;
    }
}
