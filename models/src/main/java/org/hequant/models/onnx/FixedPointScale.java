package org.hequant.models.onnx;

/**
 * A positive real requantization scale as multiplier m &lt; 2^31 and shift s, scale ≈ m / 2^s.
 *
 * <p>m is the scale rounded to nearest (half up) at 31 significant bits, then reduced: trailing zero bits
 * of m are removed together with the same number of shift bits, so a power-of-two scale 2^-k becomes
 * exactly m = 1, s = k, and a scale that fits in fewer bits keeps the shortest exact multiplier. The
 * relative error of m / 2^s is below 2^-31, so the integer result differs from exact real arithmetic
 * only when acc·scale lies within about |acc|·2^-31 of a rounding boundary, and on exact ties (the IR rounds
 * half up, ONNX Runtime half to even).
 */
record FixedPointScale(long multiplier, int shift) {
    static FixedPointScale of(double scale, String context) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new OnnxImportException(context + ": requantization scale " + scale + " must be positive and finite");
        }
        // scale = f · 2^e with f in [1, 2); m = round(f · 2^30) in [2^30, 2^31], shift = 30 - e
        int e = Math.getExponent(scale);
        int shift = 30 - e;
        long m = Math.round(Math.scalb(scale, shift));
        if (m == 1L << 31) {
            m >>= 1;
            shift--;
        }
        while (shift > 0 && (m & 1) == 0) {
            m >>= 1;
            shift--;
        }
        if (shift < 0 || shift > 62) {
            throw new OnnxImportException(context + ": requantization scale " + scale
                    + " outside the representable range [2^-32, 2^31)");
        }
        return new FixedPointScale(m, shift);
    }
}
