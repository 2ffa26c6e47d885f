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
        Ring.requireBits(l);
        int n = b.length;
        long mask = Ring.mask(l);
        long[] correlation = new long[n];
        for (int i = 0; i < n; i++) {
            correlation[i] = (b[i] ? -x[i] : x[i]) & mask;
        }
        long[] sent;
        long[] received;
        // Fixed order so both parties' OT calls match: the server's instance first.
        if (s.isServer()) {
            sent = s.otSender().sendCorrelated(correlation, l);
            received = s.otReceiver().receiveCorrelated(b, l);
        } else {
            received = s.otReceiver().receiveCorrelated(b, l);
            sent = s.otSender().sendCorrelated(correlation, l);
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = ((b[i] ? x[i] : 0) + received[i] - sent[i]) & mask;
        }
        return out;
    }
}
