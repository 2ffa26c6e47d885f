package org.hequant.engine.bfv;

import java.math.BigInteger;

/**
 * The client's decrypted, CRT-recombined logits [image][class] (BigInteger: a BFV network's logits may be wider
 * than a long) and the smallest invariant noise budget left in any result ciphertext.
 */
public record BfvResult(BigInteger[][] logits, int noiseBudget) {
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
