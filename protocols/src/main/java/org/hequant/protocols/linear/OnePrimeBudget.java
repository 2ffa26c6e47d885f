package org.hequant.protocols.linear;

import org.hequant.he.math.Modulus;
import org.hequant.he.rlwe.RlweContext;

/**
 * Whether a convolution's uploads may use the first prime alone. Without a second prime the product noise
 * is not divided away by a modulus switch, so it must stay well below the decryption bound Delta / 2 that
 * the response shrinking already spends most of: we require a 2^-40-tail bound on it to stay 4 bits below
 * Delta = q_0 / t. Each output coefficient sums, over the channel groups, the products of a weight
 * polynomial's C_n * M_n * kh * kw non-zero coefficients with fresh errors (centered binomial, sigma
 * sqrt(21 / 2)) plus the encoding's rounding (at most 1/2).
 */
public final class OnePrimeBudget {
    private static final double ERROR_SIGMA = Math.sqrt(21 / 2.0) + 0.5;
    private static final double TAIL_SIGMAS = 7.4;
    private static final int MARGIN_BITS = 4;

    private OnePrimeBudget() {
    }

    /** log2 of the high-probability product noise bound, for weights of magnitude below 2^weightBits. */
    public static double productNoiseBits(HomConvLayout layout, int weightBits) {
        ConvTiling t = layout.tiling();
        ConvShape s = layout.shape();
        double terms = (double) layout.groups() * t.channels() * t.filters() * s.kernelH() * s.kernelW();
        return Math.log(TAIL_SIGMAS * ERROR_SIGMA * Math.sqrt(terms)) / Math.log(2) + weightBits;
    }

    public static boolean fits(RlweContext context, HomConvLayout layout, int weightBits) {
        Modulus q0 = context.basis().modulus(0);
        int deltaBits = q0.bitLength() - layout.ring().modulus().bitLength();
        return productNoiseBits(layout, weightBits) + MARGIN_BITS <= deltaBits;
    }
}
