package org.hequant.protocols.nonlinear;

import org.hequant.protocols.sharing.ShareRing;

/** Products of additively shared values: the square activation of the HCNN networks. */
public final class Multiplication {
    private Multiplication() {
    }

    /**
     * Shares mod 2^l of x^2 for shares x = x_S + x_C: x^2 = x_S^2 + x_C^2 + 2 x_S x_C, the squares local,
     * the cross term from {@link #crossProduct}.
     */
    public static long[] square(Session s, long[] share, int l) {
        long[] cross = crossProduct(s, share, l);
        long mask = ShareRing.mask(l);
        long[] out = new long[share.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (share[i] * share[i] + 2 * cross[i]) & mask;
        }
        return out;
    }

    /** Bytes of {@link #square} on n elements: l correlated OTs of l bits per element. */
    public static Traffic squareTraffic(long n, int l) {
        return OtTraffic.correlated(true, n * l, l);
    }

    /**
     * Shares mod 2^l of x_S * x_C, the product of the server's and the client's private values (Gilboa's
     * OT multiplication): for every bit j of x_C one additively correlated OT with correlation
     * x_S * 2^j, the client choosing with that bit; the client's outputs sum to x_C * x_S plus the
     * server's masks. One batch of l OTs of l bits per element, a single round trip; with IKNP about
     * l * (128 + l) bits per element.
     */
    public static long[] crossProduct(Session s, long[] share, int l) {
        Ring.requireBits(l);
        int n = share.length;
        long mask = ShareRing.mask(l);
        long[] out = new long[n];
        if (s.isServer()) {
            long[] delta = new long[n * l];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < l; j++) {
                    delta[i * l + j] = (share[i] << j) & mask;
                }
            }
            long[] x = s.otSender().sendCorrelated(delta, l);
            for (int i = 0; i < n; i++) {
                long sum = 0;
                for (int j = 0; j < l; j++) {
                    sum -= x[i * l + j];
                }
                out[i] = sum & mask;
            }
            return out;
        }
        boolean[] bits = new boolean[n * l];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < l; j++) {
                bits[i * l + j] = ((share[i] >>> j) & 1) != 0;
            }
        }
        long[] got = s.otReceiver().receiveCorrelated(bits, l);
        for (int i = 0; i < n; i++) {
            long sum = 0;
            for (int j = 0; j < l; j++) {
                sum += got[i * l + j];
            }
            out[i] = sum & mask;
        }
        return out;
    }
}
