package org.hequant.protocols.nonlinear;

import org.hequant.protocols.ot.OtReceiver;
import org.hequant.protocols.sharing.ShareRing;

/** Between XOR-shared bits and arithmetic shares, and selection of arithmetic values by shared bits. */
public final class Conversion {
    private Conversion() {
    }

    /**
     * B2A: arithmetic shares mod 2^l of shared bits b = b_S XOR b_C, using b = b_S + b_C - 2 b_S b_C.
     * The product comes from one additively correlated OT (server sends with correlation b_S, client
     * chooses b_C): l + the OT's own bits per element.
     */
    public static long[] b2a(Session s, boolean[] bits, int l) {
        long[] product = product(s, bits, l);
        long mask = ShareRing.mask(l);
        long[] out = new long[bits.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((bits[i] ? 1 : 0) - 2 * product[i]) & mask;
        }
        return out;
    }

    /** Bytes of {@link #b2a} (and of {@link #product}) on n elements: the server's correlated OTs of l bits. */
    static Traffic b2aTraffic(long n, int l) {
        return OtTraffic.correlated(true, n, l);
    }

    /** Bytes of {@link #select} on n elements: a chosen-message OT of l bits each way. */
    static Traffic selectTraffic(long n, int l) {
        return OtTraffic.chosen(true, n, l).plus(OtTraffic.chosen(false, n, l));
    }

    /**
     * Arithmetic shares mod 2^l of b_S * b_C, the product of the two parties' private bits: the server
     * sends a correlated OT with correlation b_S (keeping -x), the client chooses b_C (getting x + b_S b_C).
     */
    static long[] product(Session s, boolean[] bits, int l) {
        Ring.requireBits(l);
        int n = bits.length;
        long mask = ShareRing.mask(l);
        if (s.isServer()) {
            long[] delta = new long[n];
            for (int i = 0; i < n; i++) {
                delta[i] = bits[i] ? 1 : 0;
            }
            long[] x = s.otSender().sendCorrelated(delta, l);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = -x[i] & mask;
            }
            return out;
        }
        return s.otReceiver().receiveCorrelated(bits, l);
    }

    /**
     * Multiplexer: shares of b * x for shared bit b and arithmetic shares of x. Each party, as OT sender,
     * offers ((own bit XOR c) * own share - r) for c in {0, 1}; the other chooses with its bit and so gets
     * b * (sender's share) - r. Two chosen-message OTs of l bits per element, one each way, in two flights.
     */
    public static long[] select(Session s, boolean[] b, long[] x, int l) {
        Ring.requireBits(l);
        int n = b.length;
        long mask = ShareRing.mask(l);
        long[] r = s.randomValues(n, l);
        long[] m0 = new long[n];
        long[] m1 = new long[n];
        for (int i = 0; i < n; i++) {
            long own = b[i] ? x[i] : 0;
            long flipped = b[i] ? 0 : x[i];
            m0[i] = (own - r[i]) & mask;
            m1[i] = (flipped - r[i]) & mask;
        }
        // Both parties send their choices before either answers, so the two OTs share one flight each way.
        OtReceiver.Pending pending = s.otReceiver().beginReceive(b, l);
        s.otSender().send(m0, m1, l);
        long[] got = pending.finish();
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = (r[i] + got[i]) & mask;
        }
        return out;
    }
}
