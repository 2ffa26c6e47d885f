package org.hequant.models.onnx;

/**
 * What a float tensor of a QDQ graph stands for. Float operators are never evaluated: each is matched
 * onto integer arithmetic whose real value it equals, and the QuantizeLinear after it fixes the
 * requantization.
 */
sealed interface FloatValue permits FloatValue.Dequantized, FloatValue.DequantizedConstant, Accumulator {
    /** DequantizeLinear of an activation: real = scale · (q − zero point). */
    record Dequantized(QuantizedTensor tensor) implements FloatValue {
    }

    /** DequantizeLinear of an integer initializer (weights or bias), possibly per channel along {@code axis}. */
    record DequantizedConstant(ConstantTensor values, ConstantTensor scale, ConstantTensor zeroPoint, int axis)
            implements FloatValue {
    }
}
