package org.hequant.models.onnx;

import org.hequant.models.ir.ValueRange;

/**
 * Per-tensor quantization of an 8-bit ONNX tensor: real = scale · (q − zeroPoint), q of type {@code
 * elementType} (UINT8 or INT8).
 */
record QuantParams(float scale, long zeroPoint, int elementType) {
    /** The ONNX element range [qmin, qmax] of q. */
    long qmin() {
        return elementType == ConstantTensor.UINT8 ? 0 : -128;
    }

    long qmax() {
        return elementType == ConstantTensor.UINT8 ? 255 : 127;
    }

    /**
     * The network input's exact IR coding, or null when none is exact. The input's range must be a full type
     * (the client clamps to it), so its IR value is q − zeroPoint only when [qmin − zp, qmax − zp] is [0, 255]
     * or [−128, 127]: zero point 0 or the midpoint (128 for uint8 gives int8 values, −128 for int8 gives
     * uint8 values). Inner activations take any zero point (an asymmetric requantization clamp).
     */
    ValueRange irRange() {
        long lo = qmin() - zeroPoint;
        long hi = qmax() - zeroPoint;
        if (lo == 0 && hi == 255) {
            return new ValueRange(8, false);
        }
        if (lo == -128 && hi == 127) {
            return new ValueRange(8, true);
        }
        return null;
    }

    @Override
    public String toString() {
        return "scale " + scale + ", zero point " + zeroPoint + " ("
                + (elementType == ConstantTensor.UINT8 ? "uint8" : "int8") + ")";
    }
}
