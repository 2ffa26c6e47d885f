package org.hequant.protocols.nonlinear;

import java.util.ArrayList;
import java.util.List;
import org.hequant.protocols.ot.RandomChoiceOts;

/**
 * AND gates on XOR-shared bits in rounds (every gate of a round in one exchange), with Beaver triples made
 * in pairs that share their first factor: (a, b1, c1) and (a, b2, c2). A millionaire merge needs
 * eq_hi AND lt_lo and eq_hi AND eq_lo, two gates with the same first input x: with a shared a, x XOR a is
 * opened once for both. Both triples of a pair come from the same two random OTs (one each way, 2-bit
 * messages: a random OT's pads cost nothing per message bit) whose choice bits, the a-shares, are the engine's
 * own random ones (nothing sent with a silent OT), so a pair costs 2 random OTs and 3 opened bits per party
 * where two independent gates cost 4 and 4; a lone gate uses a pair's first triple.
 *
 * <p>Making the pair: as sender of a random OT with pads (m0, m1), a party sets its b-share to m0 XOR m1
 * (both bits) and keeps m0; the other, choosing by its a-share, gets m0 XOR (a_R AND b_S). The other
 * direction gives the other cross term, so c = a_S b_S XOR a_C b_C XOR both cross terms = a AND b for each b.
 */
final class PairedAnd {
    private PairedAnd() {
    }

    /** This party's shares of {@code count} triple pairs: {a, b1, c1, b2, c2}. */
    static Stock triples(Session s, int count) {
        long[][] sent;
        RandomChoiceOts got;
        // Fixed order so both parties' OT calls match: the server sends first.
        if (s.isServer()) {
            sent = s.otSender().sendRandomChoices(count, 2);
            got = s.otReceiver().receiveRandomChoices(count, 2);
        } else {
            got = s.otReceiver().receiveRandomChoices(count, 2);
            sent = s.otSender().sendRandomChoices(count, 2);
        }
        boolean[] a = got.choices();
        boolean[][] t = new boolean[5][count];
        t[0] = a;
        for (int i = 0; i < count; i++) {
            long b = sent[0][i] ^ sent[1][i];
            long c = (a[i] ? b : 0) ^ sent[0][i] ^ got.messages()[i];
            t[1][i] = (b & 1) != 0;
            t[2][i] = (c & 1) != 0;
            t[3][i] = (b & 2) != 0;
            t[4][i] = (c & 2) != 0;
        }
        return new Stock(t);
    }

    /** Bytes of {@link #triples} for {@code count} pairs: a random OT each way, as for single triples. */
    static Traffic triplesTraffic(long count) {
        return BooleanGates.triplesTraffic(count);
    }

    /** Bytes of a {@link Round} that opens {@code bits} bits: each party sends its masked bits. */
    static Traffic roundTraffic(long bits) {
        return Traffic.both(OtTraffic.bytes(bits));
    }

    /** Triple pairs made in one batch and consumed in order by successive rounds. */
    static final class Stock {
        private final boolean[][] triples;
        private int used;

        private Stock(boolean[][] triples) {
            this.triples = triples;
        }

        private int take(int n) {
            if (used + n > triples[0].length) {
                throw new IllegalStateException("triple stock exhausted: " + n + " requested, "
                        + (triples[0].length - used) + " left");
            }
            used += n;
            return used - n;
        }

        boolean exhausted() {
            return used == triples[0].length;
        }
    }

    /** The gates of one round: each group is x AND y1 (and x AND y2 when given), element-wise. */
    static final class Round {
        private final List<boolean[][]> groups = new ArrayList<>();

        /** Adds x AND y; returns the group's index. */
        int add(boolean[] x, boolean[] y) {
            groups.add(new boolean[][] {x, y});
            return groups.size() - 1;
        }

        /** Adds x AND y1 and x AND y2 (one triple pair per element); returns the group's index. */
        int add(boolean[] x, boolean[] y1, boolean[] y2) {
            groups.add(new boolean[][] {x, y1, y2});
            return groups.size() - 1;
        }

        /**
         * Runs the round: one message each way, carrying x XOR a and y XOR b for every gate. Returns, per group,
         * this party's shares of its one or two products.
         */
        boolean[][][] run(Session s, String label, Stock stock) {
            int opened = 0;
            int[] first = new int[groups.size()];
            for (int g = 0; g < groups.size(); g++) {
                boolean[][] in = groups.get(g);
                first[g] = stock.take(in[0].length);
                opened += in.length * in[0].length;
            }
            boolean[] mine = new boolean[opened];
            int k = 0;
            for (int g = 0; g < groups.size(); g++) {
                boolean[][] in = groups.get(g);
                for (int j = 0; j < in.length; j++) {
                    // Row j of the group is masked with a (j = 0), b1 (j = 1) or b2 (j = 2).
                    boolean[] mask = stock.triples[2 * j - (j == 0 ? 0 : 1)];
                    for (int i = 0; i < in[j].length; i++) {
                        mine[k++] = in[j][i] ^ mask[first[g] + i];
                    }
                }
            }
            boolean[] theirs = BitCodec.unpackBits(s.exchange(label, BitCodec.packBits(mine)), opened)[0];
            boolean[][][] out = new boolean[groups.size()][][];
            k = 0;
            for (int g = 0; g < groups.size(); g++) {
                boolean[][] in = groups.get(g);
                int n = in[0].length;
                int d = k;
                k += n;
                out[g] = new boolean[in.length - 1][n];
                for (int j = 1; j < in.length; j++) {
                    boolean[] a = stock.triples[0];
                    boolean[] b = stock.triples[2 * j - 1];
                    boolean[] c = stock.triples[2 * j];
                    for (int i = 0; i < n; i++, k++) {
                        int t = first[g] + i;
                        boolean dd = mine[d + i] ^ theirs[d + i];
                        boolean ee = mine[k] ^ theirs[k];
                        out[g][j - 1][i] = c[t] ^ (dd & b[t]) ^ (ee & a[t]) ^ (s.isServer() && dd && ee);
                    }
                }
            }
            groups.clear();
            return out;
        }
    }
}
