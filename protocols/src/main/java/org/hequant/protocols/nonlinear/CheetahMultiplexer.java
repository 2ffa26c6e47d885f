package org.hequant.protocols.nonlinear;

/**
 * Cheetah's multiplexer: shares of b * x mod 2^l for a XOR-shared bit b = b_S XOR b_C and arithmetic shares
 * x = x_S + x_C, from one additively correlated OT in each direction.
 *
 * <p>Writing b = b_S + b_C - 2 b_S b_C, the product is b_S x_S + b_C x_C plus the cross terms
 * b_C (x_S (1 - 2 b_S)) and b_S (x_C (1 - 2 b_C)). Each party sends a correlated OT whose correlation is its
 * own share times (1 - 2 b_own), and the other chooses with its bit; a correlated OT costs l bits on the
 * wire where the chosen-message multiplexer ({@link Conversion#select}) sends both messages, 2l.
 */
public final class CheetahMultiplexer {
    private CheetahMultiplexer() {
    }

    public static long[] select(Session s, boolean[] b, long[] x, int l) {
        return selectPlus(s, b, x, new boolean[0], 0, l);
    }

    /**
     * Shares of b * x + d * c for shared bits b and d, shared x and a public c. The term d * c =
     * c (d_S + d_C - 2 d_S d_C) is the server's half of the multiplexer with x = c on the server's side and 0 on
     * the client's, so it rides on the server's correlated OT call (l more bits per element) and needs no
     * client-to-server OT: the B2A of d at no extra flight.
     */
    public static long[] selectPlus(Session s, boolean[] b, long[] x, boolean[] d, long c, int l) {
        Ring.requireBits(l);
        int n = b.length;
        int m = d.length;
        if (m != n && m != 0) {
            throw new IllegalArgumentException(m + " lifted bits for " + n + " selections");
        }
        long mask = Ring.mask(l);
        long[] correlation = new long[n + (s.isServer() ? m : 0)];
        boolean[] choices = new boolean[n + (s.isServer() ? 0 : m)];
        for (int i = 0; i < n; i++) {
            correlation[i] = (b[i] ? -x[i] : x[i]) & mask;
            choices[i] = b[i];
        }
        for (int i = 0; i < m; i++) {
            if (s.isServer()) {
                correlation[n + i] = (d[i] ? -c : c) & mask;
            } else {
                choices[n + i] = d[i];
            }
        }
        long[] sent;
        long[] received;
        // Fixed order so both parties' OT calls match: the server's instance first.
        if (s.isServer()) {
            sent = s.otSender().sendCorrelated(correlation, l);
            received = s.otReceiver().receiveCorrelated(choices, l);
        } else {
            received = s.otReceiver().receiveCorrelated(choices, l);
            sent = s.otSender().sendCorrelated(correlation, l);
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((b[i] ? x[i] : 0) + received[i] - sent[i]) & mask;
        }
        for (int i = 0; i < m; i++) {
            // The server's own term d_S c and its pad; the client's whole share is what it received.
            out[i] = (out[i] + (s.isServer() ? (d[i] ? c : 0) - sent[n + i] : received[n + i])) & mask;
        }
        return out;
    }
}
