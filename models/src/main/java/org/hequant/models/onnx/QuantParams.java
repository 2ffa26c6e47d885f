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
     * The IR coding of an activation with these parameters, or null when none is exact. IR activations have
     * zero point 0 and clamp to [0, 2^b − 1] or to the signed b-bit range, so the IR value is q − zeroPoint and
     * the clamp range [qmin − zp, qmax − zp] must be one of those: zero point 0 or the midpoint (128 for
     * uint8 gives int8 values, −128 for int8 gives uint8 values).
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
