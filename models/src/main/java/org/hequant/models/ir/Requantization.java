package org.hequant.models.ir;

/**
 * Maps an accumulator back to a b-bit activation: y = clamp(round(acc * multiplier / 2^shift)) with
 * rounding half up (add 2^(shift-1), then an arithmetic shift: exactly what the two-party requantization
 * protocol computes), clamped to [0, 2^b - 1] when {@code relu} (ReLU and the upper clip fused) and to
 * the signed b-bit range otherwise. A power-of-two scale has multiplier 1; a general fixed-point scale
 * uses a multiplier below 2^31.
 */
public record Requantization(long multiplier, int shift, int outBits, boolean relu) {
    public Requantization {
        if (multiplier < 1 || multiplier >= 1L << 31) {
            throw new IllegalArgumentException("requantization multiplier must be in [1, 2^31), got " + multiplier);
        }
        if (shift < 0 || shift > 62) {
            throw new IllegalArgumentException("requantization shift must be in [0, 62], got " + shift);
        }
        new ValueRange(outBits, !relu);
    }

    public static Requantization shift(int shift, int outBits, boolean relu) {
        return new Requantization(1, shift, outBits, relu);
    }

    public ValueRange output() {
        return new ValueRange(outBits, !relu);
    }

    public long apply(long acc) {
        long v = Math.multiplyExact(acc, multiplier);
        if (shift > 0) {
            v = (v + (1L << (shift - 1))) >> shift;
        }
        ValueRange r = output();
        return Math.max(r.min(), Math.min(r.max(), v));
    }
}
