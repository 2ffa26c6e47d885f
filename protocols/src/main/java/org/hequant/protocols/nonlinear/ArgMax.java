package org.hequant.protocols.nonlinear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * Argmax of shared logits, revealed to the client only: a tournament keeping (value, index) pairs, where
 * each match computes DReLU(a - b) once and selects the larger value's difference and its index's
 * difference in one batch. Indices are public constants held as shares (server: the index, client: 0).
 * At the end the server sends its index share; the client learns the index and the server learns
 * nothing. Like max-pooling, it needs logits in [-2^(l-2), 2^(l-2)) so that differences do not overflow.
 */
public final class ArgMax {
    private ArgMax() {
    }

    /**
     * The client gets the index of the largest logit (ties go to the earlier index: DReLU(a - b) = 1 when
     * a = b, and every match puts the lower indices first); the server gets -1.
     */
    public static int argmax(Session s, String label, long[] logits, int bits) {
        if (logits.length == 0) {
            throw new IllegalArgumentException("argmax of no logits");
        }
        // Values and indices share one selection ring: the logits' own, widened only when it cannot hold
        // every index. A value's difference read modulo 2^bits is unchanged by the wider ring.
        int ring = Math.max(bits, indexBits(logits.length));
        long valueMask = ShareRing.mask(bits);
        long ringMask = ShareRing.mask(ring);
        long[] values = logits.clone();
        long[] index = new long[values.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = s.isServer() ? i : 0;
        }
        while (values.length > 1) {
            int pairs = values.length / 2;
            long[] diff = new long[pairs];
            long[] both = new long[2 * pairs];
            for (int p = 0; p < pairs; p++) {
                diff[p] = (values[2 * p] - values[2 * p + 1]) & valueMask;
                both[p] = diff[p];
                both[pairs + p] = (index[2 * p] - index[2 * p + 1]) & ringMask;
            }
            boolean[] firstWins = Comparison.drelu(s, label, diff, bits);
            boolean[] twice = new boolean[2 * pairs];
            System.arraycopy(firstWins, 0, twice, 0, pairs);
            System.arraycopy(firstWins, 0, twice, pairs, pairs);
            long[] chosen = Conversion.select(s, twice, both, ring);
            int next = pairs + values.length % 2;
            long[] nv = new long[next];
            long[] ni = new long[next];
            for (int p = 0; p < pairs; p++) {
                nv[p] = (values[2 * p + 1] + chosen[p]) & valueMask;
                ni[p] = (index[2 * p + 1] + chosen[pairs + p]) & ringMask;
            }
            if (values.length % 2 == 1) {
                nv[pairs] = values[values.length - 1];
                ni[pairs] = index[index.length - 1];
            }
            values = nv;
            index = ni;
        }
        int indexBits = indexBits(logits.length);
        if (s.isServer()) {
            s.channel().send(label + "/reveal", BitCodec.packValues(new long[] {index[0] & ShareRing.mask(indexBits)},
                    indexBits));
            return -1;
        }
        long serverShare = BitCodec.unpackValues(s.channel().receive(), 1, indexBits)[0];
        return (int) ((serverShare + index[0]) & ShareRing.mask(indexBits));
    }

    /** Bytes of {@link #argmax} over {@code count} logits: the tournament's matches and the index reveal. */
    public static Traffic traffic(int count, int bits) {
        int ring = Math.max(bits, indexBits(count));
        Traffic t = Traffic.of(true, OtTraffic.bytes(indexBits(count)), 0);
        for (int left = count; left > 1; left = left / 2 + left % 2) {
            int pairs = left / 2;
            t = t.plus(Comparison.dreluTraffic(pairs, bits)).plus(Conversion.selectTraffic(2L * pairs, ring));
        }
        return t;
    }

    /** Bits that hold every index 0 .. n - 1 (at least one). */
    static int indexBits(int n) {
        return Math.max(1, 64 - Long.numberOfLeadingZeros(n - 1));
    }
}
