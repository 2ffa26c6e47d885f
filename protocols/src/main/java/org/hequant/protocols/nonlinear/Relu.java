package org.hequant.protocols.nonlinear;

/** ReLU(x) = DReLU(x) * x on shares mod 2^l: one millionaire, then the multiplexer. */
public final class Relu {
    private Relu() {
    }

    public static long[] relu(Session s, String label, long[] share, int bits) {
        return Conversion.select(s, Comparison.drelu(s, label, share, bits), share, bits);
    }
}
