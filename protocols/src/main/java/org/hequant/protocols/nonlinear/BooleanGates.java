package org.hequant.protocols.nonlinear;

import org.hequant.protocols.ot.RandomChoiceOts;

/**
 * AND gates on XOR-shared bits with Beaver bit triples. A triple (a, b, c) with c = a AND b is made from
 * two random OTs, one in each direction (Cheetah's _2ROT method): as ROT sender with messages (m0, m1)
 * a party sets its b-share to m0 XOR m1 and keeps m0; the receiver, choosing by its a-share, gets
 * m0 XOR (a_R AND b_S); the other direction gives the other cross term.
 */
final class BooleanGates {
    private BooleanGates() {
    }

    /** This party's shares of n triples: {a, b, c}. */
    static boolean[][] triples(Session s, int n) {
        boolean[][] mine = new boolean[3][];
        boolean[] b = new boolean[n];
        boolean[] c = new boolean[n];
        // Fixed order so both parties' OT calls match: the server sends first. The a-shares are the random
        // choices of the receiver's OTs, which a silent OT picks itself without a message.
        long[][] sent;
        RandomChoiceOts got;
        if (s.isServer()) {
            sent = s.otSender().sendRandomChoices(n, 1);
            got = s.otReceiver().receiveRandomChoices(n, 1);
        } else {
            got = s.otReceiver().receiveRandomChoices(n, 1);
            sent = s.otSender().sendRandomChoices(n, 1);
        }
        boolean[] a = got.choices();
        long[] fromOther = got.messages();
        for (int i = 0; i < n; i++) {
            boolean m0 = sent[0][i] != 0;
            boolean m1 = sent[1][i] != 0;
            b[i] = m0 ^ m1;
            c[i] = (a[i] & b[i]) ^ m0 ^ (fromOther[i] != 0);
        }
        mine[0] = a;
        mine[1] = b;
        mine[2] = c;
        return mine;
    }

    /**
     * Bytes of {@link #triples} for n triples, and of {@link PairedAnd#triples} for n pairs: a random OT each way
     * with the engine's own random choices, which Ferret sends nothing for. The one place the triples' price is set.
     */
    static Traffic triplesTraffic(long n) {
        return Traffic.NONE;
    }

    /** Bytes of {@link #and} on n gates: each party opens 2n bits. */
    static Traffic andTraffic(long n) {
        return Traffic.both(OtTraffic.bytes(2 * n));
    }

    /** Triples generated in one batch and consumed in order by successive AND layers. */
    static final class TripleStock {
        private final boolean[][] triples;
        private int used;

        TripleStock(boolean[][] triples) {
            this.triples = triples;
        }

        boolean[][] take(int n) {
            if (used + n > triples[0].length) {
                throw new IllegalStateException("triple stock exhausted: " + n + " requested, "
                        + (triples[0].length - used) + " left");
            }
            boolean[][] t = new boolean[3][];
            for (int k = 0; k < 3; k++) {
                t[k] = java.util.Arrays.copyOfRange(triples[k], used, used + n);
            }
            used += n;
            return t;
        }
    }

    /** Shares of x AND y for shared bit vectors (one flight each way), using triples from the stock. */
    static boolean[] and(Session s, String label, boolean[] x, boolean[] y, TripleStock stock) {
        int n = x.length;
        boolean[][] t = stock.take(n);
        boolean[] d = new boolean[n];
        boolean[] e = new boolean[n];
        for (int i = 0; i < n; i++) {
            d[i] = x[i] ^ t[0][i];
            e[i] = y[i] ^ t[1][i];
        }
        boolean[][] theirs = BitCodec.unpackBits(s.exchange(label, BitCodec.packBits(d, e)), n, n);
        boolean[] z = new boolean[n];
        for (int i = 0; i < n; i++) {
            boolean dd = d[i] ^ theirs[0][i];
            boolean ee = e[i] ^ theirs[1][i];
            z[i] = t[2][i] ^ (dd & t[1][i]) ^ (ee & t[0][i]) ^ (s.isServer() && dd && ee);
        }
        return z;
    }
}
