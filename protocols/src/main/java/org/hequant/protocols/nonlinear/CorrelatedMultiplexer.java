package org.hequant.protocols.nonlinear;

import org.hequant.protocols.ot.OtReceiver;
import org.hequant.protocols.sharing.ShareRing;

/**
 * The multiplexer b * x for a shared bit b = b_S XOR b_C and shares x = x_S + x_C mod 2^l, as two additively
 * correlated OTs, one each way: the party holding x_A offers the correlation (1 - 2 b_A) x_A and keeps
 * b_A x_A - r; the other, choosing by b_B, gets r + b_B (1 - 2 b_A) x_A, and the two sum to (b_A XOR b_B) x_A.
 * l + 1.4 bits per direction with Ferret, where chosen-message OTs ({@link Conversion#select}) send both
 * messages: 2l + 1.4.
 */
final class CorrelatedMultiplexer {
    private CorrelatedMultiplexer() {
    }

    /** Bytes of {@link #select} on n elements, with or without the second bit g. */
    static Traffic traffic(long n, boolean second, int bits) {
        return OtTraffic.correlated(true, second ? 2 * n : n, bits).plus(OtTraffic.correlated(false, n, bits));
    }

    /** Shares of b x. */
    static long[] select(Session s, boolean[] b, long[] x, int bits) {
        return select(s, b, x, null, 0, bits);
    }

    /**
     * Shares of b x + g top for a second shared bit g (null for none): g top = top (g_S + g_C - 2 g_S g_C), its
     * cross term one more entry of the server's call.
     */
    static long[] select(Session s, boolean[] b, long[] x, boolean[] g, long top, int bits) {
        int n = b.length;
        long mask = ShareRing.mask(bits);
        int extra = g == null ? 0 : n;
        long[] out = new long[n];
        long[] offer = new long[s.isServer() ? n + extra : n];
        boolean[] choice = new boolean[s.isServer() ? n : n + extra];
        for (int i = 0; i < n; i++) {
            out[i] = ((b[i] ? x[i] : 0) + (g != null && g[i] ? top : 0)) & mask;
            offer[i] = (b[i] ? -x[i] : x[i]) & mask;
            choice[i] = b[i];
            if (g == null) {
                continue;
            }
            if (s.isServer()) {
                offer[n + i] = g[i] ? -2 * top & mask : 0;
            } else {
                choice[n + i] = g[i];
            }
        }
        // Both parties send their choices before either answers: the two OTs share their two flights.
        OtReceiver.Pending pending = s.otReceiver().beginReceiveCorrelated(choice, bits);
        long[] kept = s.otSender().sendCorrelated(offer, bits);
        long[] got = pending.finish();
        for (int i = 0; i < n; i++) {
            long sum = out[i] + got[i] - kept[i];
            if (extra > 0) {
                sum += s.isServer() ? -kept[n + i] : got[n + i];
            }
            out[i] = sum & mask;
        }
        return out;
    }
}
