package org.hequant.engine.bfv;

import java.math.BigInteger;
import java.util.List;
import org.hequant.he.bfv.CrtPlaintexts;

/**
 * The client's decrypted, CRT-recombined logits [image][class] (BigInteger: a BFV network's logits may be wider
 * than a long) and the smallest invariant noise budget left in any result ciphertext.
 */
public record BfvResult(BigInteger[][] logits, int noiseBudget) {
    /**
     * The logits of a batch from its channels' residues, {@code residues.get(c)[logit][image]} mod the c-th prime,
     * composed image by image by the CRT into the centred range of the primes' product.
     */
    public static BfvResult recombine(CrtPlaintexts primes, List<long[][]> residues, int noiseBudget) {
        if (residues.size() != primes.count()) {
            throw new IllegalArgumentException(residues.size() + " channels of residues for " + primes.count()
                    + " plaintext primes");
        }
        int outputs = residues.get(0).length;
        int images = residues.get(0)[0].length;
        for (long[][] channel : residues) {
            if (channel.length != outputs || channel[0].length != images) {
                throw new IllegalArgumentException("channels disagree on logits or images: " + channel.length + "x"
                        + channel[0].length + " vs " + outputs + "x" + images);
            }
        }
        BigInteger[][] logits = new BigInteger[images][outputs];
        long[] column = new long[residues.size()];
        for (int k = 0; k < outputs; k++) {
            for (int j = 0; j < images; j++) {
                for (int c = 0; c < column.length; c++) {
                    column[c] = residues.get(c)[k][j];
                }
                logits[j][k] = primes.compose(column);
            }
        }
        return new BfvResult(logits, noiseBudget);
    }

    /** argmax per image, ties to the lower index (as the plaintext engine). */
    public int[] labels() {
        int[] labels = new int[logits.length];
        for (int j = 0; j < logits.length; j++) {
            int best = 0;
            for (int k = 1; k < logits[j].length; k++) {
                if (logits[j][k].compareTo(logits[j][best]) > 0) {
                    best = k;
                }
            }
            labels[j] = best;
        }
        return labels;
    }

    /** Whether image j's logits equal the given ones exactly. */
    public boolean logitsEqual(int j, long[] expected) {
        if (expected.length != logits[j].length) {
            return false;
        }
        for (int k = 0; k < expected.length; k++) {
            if (!logits[j][k].equals(BigInteger.valueOf(expected[k]))) {
                return false;
            }
        }
        return true;
    }
}
