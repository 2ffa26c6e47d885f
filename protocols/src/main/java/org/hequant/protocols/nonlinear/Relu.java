package org.hequant.protocols.nonlinear;

/** ReLU(x) = DReLU(x) * x on shares mod 2^l: one millionaire, then the multiplexer. */
public final class Relu {
    private Relu() {
    }

    /** Bytes of {@link #relu} on n elements. */
    public static Traffic traffic(long n, int bits) {
        return Comparison.dreluTraffic(n, bits).plus(Conversion.selectTraffic(n, bits));
    }

    public static long[] relu(Session s, String label, long[] share, int bits) {
        return Conversion.select(s, Comparison.drelu(s, label, share, bits), share, bits);
    }
}
