package org.hequant.protocols.nonlinear;

/**
 * Argmax of shared logits, revealed to the client only: a tournament keeping (value, index) pairs, where
 * each match computes DReLU(a - b) once and selects both the larger value and its index. Indices are
 * public constants held as shares (server: the index, client: 0) in the 64-bit ring. At the end the
 * server sends its index share; the client learns the index and the server learns nothing. Like
 * max-pooling, it needs logits in [-2^(l-2), 2^(l-2)) so that differences do not overflow.
 */
public final class ArgMax {
    private ArgMax() {
    }

    /** The client gets the index of the largest logit (ties go to the earlier index, since DReLU(a - b) = 1 when a = b); the server gets -1. */
    public static int argmax(Session s, String label, long[] logits, int bits) {
        long mask = Ring.mask(bits);
        long[] values = logits.clone();
        long[] index = new long[values.length];
        for (int i = 0; i < index.length; i++) {
            index[i] = s.isServer() ? i : 0;
        }
        while (values.length > 1) {
            int pairs = values.length / 2;
            long[] diff = new long[pairs];
            long[] indexDiff = new long[pairs];
            for (int p = 0; p < pairs; p++) {
                diff[p] = (values[2 * p] - values[2 * p + 1]) & mask;
                indexDiff[p] = index[2 * p] - index[2 * p + 1];
            }
            boolean[] firstWins = Comparison.drelu(s, label, diff, bits);
            long[] chosenDiff = Conversion.select(s, firstWins, diff, bits);
            long[] chosenIndex = Conversion.select(s, firstWins, indexDiff, 64);
            int next = pairs + values.length % 2;
            long[] nv = new long[next];
            long[] ni = new long[next];
            for (int p = 0; p < pairs; p++) {
                nv[p] = (values[2 * p + 1] + chosenDiff[p]) & mask;
                ni[p] = index[2 * p + 1] + chosenIndex[p];
            }
            if (values.length % 2 == 1) {
                nv[pairs] = values[values.length - 1];
                ni[pairs] = index[index.length - 1];
            }
            values = nv;
            index = ni;
        }
        if (s.isServer()) {
            s.channel().send(label + "/reveal", BitCodec.packValues(index, 64));
            return -1;
        }
        long serverShare = BitCodec.unpackValues(s.channel().receive(), 1, 64)[0];
        return (int) (serverShare + index[0]);
    }
}
