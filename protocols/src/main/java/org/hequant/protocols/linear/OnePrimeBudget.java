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
        double terms = (double) layout.channelGroups() * t.channels() * t.filters() * s.kernelH() * s.kernelW();
        return Math.log(TAIL_SIGMAS * ERROR_SIGMA * Math.sqrt(terms)) / Math.log(2) + weightBits;
    }

    public static boolean fits(RlweContext context, HomConvLayout layout, int weightBits) {
        return productNoiseBits(layout, weightBits) + MARGIN_BITS <= deltaBits(context, layout);
    }

    /**
     * Whether a field-packed layout's uploads may use the first prime alone: spatial and batch packing keep
     * one tile's kernels (the noise of the inner layout, against the packed ring's smaller Delta); channel
     * packing puts kernels at 2^((K - 1) s), and input channels sum K times the terms.
     */
    public static boolean fitsPacked(RlweContext context, FieldPackedConvLayout layout, int weightBits) {
        PackingDimension d = layout.dimension();
        int shiftBits = d.topKernelField(layout.fields()) * layout.fieldBits();
        double bits = productNoiseBits(layout.inner(), weightBits + shiftBits) + d.summedTermsBits(layout.fields());
        return bits + MARGIN_BITS <= deltaBits(context, layout);
    }

    /**
     * log2 of the key-switching noise of one Galois step at level 1: round(c1 k / P) adds c1 e / P with c1
     * below q_0, a sum of N terms (2^-40 tail), plus the rounding.
     */
    static double keySwitchNoiseBits(RlweContext context) {
        double q0 = context.basis().modulus(0).value();
        double p = context.basis().modulus(context.maxLevel() - 1).value();
        double sigma = q0 / Math.sqrt(3) * Math.sqrt(21 / 2.0) * Math.sqrt(context.degree()) / p;
        return Math.log(TAIL_SIGMAS * sigma + context.degree()) / Math.log(2);
    }

    /**
     * Whether a compacted layout decrypts: its members' product noise (divided away when their uploads
     * use two primes) plus the merges' key-switching noise, which each later merge doubles (below
     * 2^(k+1) times one step's for 2^k members).
     */
    public static boolean fitsCompacted(RlweContext context, CompactedLayout layout, int weightBits) {
        HomConvLayout inner = (HomConvLayout) layout.inner();
        int k = Integer.numberOfTrailingZeros(layout.membersPerResponse());
        double merged = Math.pow(2, keySwitchNoiseBits(context) + k + 1);
        double product = inner.levelIn(context) == 1 ? Math.pow(2, productNoiseBits(inner, weightBits)) : 0;
        return Math.log(merged + product) / Math.log(2) + MARGIN_BITS <= deltaBits(context, inner);
    }

    private static int deltaBits(RlweContext context, LinearLayout layout) {
        Modulus q0 = context.basis().modulus(0);
        return q0.bitLength() - layout.ring().modulus().bitLength();
    }
}
