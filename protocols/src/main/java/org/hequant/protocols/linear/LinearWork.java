package org.hequant.protocols.linear;

import org.hequant.he.rlwe.RlweContext;

/**
 * The HE work of one image through a linear layout, counted from its plan, and the planner's estimate of
 * its compute time. The estimate prices each operation in NTTs of one prime at the context's degree, with
 * weights read off `hequant bench kernels` on the development machine: it ranks a layer's candidate layouts
 * under a latency objective, it is not a measurement (`bench network` measures).
 *
 * @param uploads ciphertexts the client encrypts and the server brings to NTT form
 * @param products ciphertext-plaintext products
 * @param weights distinct weight polynomials the server transforms (a filter group's weights serve every tile)
 * @param sums responses before any compaction: each one's sum leaves the NTT form
 * @param responses ciphertexts sent back: each masked by the server and decrypted by the client
 * @param keySwitches Galois key switches of the response compaction
 * @param level primes the uploads and products use
 */
public record LinearWork(int uploads, long products, long weights, int sums, int responses, long keySwitches,
        int level) {

    /** One prime's forward or inverse NTT at N = 4096 (kernel bench: 85 us forward, 48 us inverse). */
    static final double NTT_MICROS_4096 = 65;
    /** Per upload and prime: the client's error transform and encryption, the server's transform. */
    static final double UPLOAD_NTTS = 3.5;
    /** Per product and prime: the pointwise multiply-accumulate of both parts. */
    static final double PRODUCT_NTTS = 0.3;
    /** Per weight polynomial and prime: its transform. */
    static final double WEIGHT_NTTS = 1;
    /** Per sum and prime: the inverse transform of both parts. */
    static final double SUM_NTTS = 1.5;
    /**
     * Per response sent, at the first prime: the server's encryption of zero, the client's decryption. The
     * encryption runs at the result's level (re-randomisation precedes the switch), so a two-prime response
     * costs about 3 NTTs more than counted here; the planner compares layouts of equal levels mostly, and
     * the measured difference is within the machine's noise (docs/SECURITY.md).
     */
    static final double RESPONSE_NTTS = 6;
    /** Per key switch, over the first and the special prime: two forward, four inverse transforms, the rest. */
    static final double KEY_SWITCH_NTTS = 7;

    public static LinearWork of(LinearLayout layout, RlweContext context) {
        int level = layout.levelIn(context);
        if (layout instanceof CompactedLayout c) {
            LinearWork inner = of(c.inner(), context);
            long keySwitches = 0;
            for (int r = 0; r < c.responseCount(); r++) {
                keySwitches += mergesOf(c.members(r).length, c.membersPerResponse());
            }
            return new LinearWork(inner.uploads, inner.products, inner.weights, inner.sums, c.responseCount(),
                    keySwitches, level);
        }
        long products = 0;
        for (int r = 0; r < layout.responseCount(); r++) {
            products += layout.responseInputs(r).length;
        }
        int shared = layout.productsPerWeight();
        long weights = (products + shared - 1) / shared;
        return new LinearWork(layout.uploadCount(), products, weights, layout.responseCount(), layout.responseCount(),
                0, level);
    }

    /**
     * Key switches of one merge tree over n slots whose first m hold members: a merge runs wherever either
     * side holds one, ceil(m / 2^l) at level l (n - 1 in all for a full group).
     */
    private static long mergesOf(int m, int n) {
        long merges = 0;
        for (int width = 2; width <= n; width *= 2) {
            merges += (m + width - 1) / width;
        }
        return merges;
    }

    /** The planner's estimate of this work's compute time, both parties together, in microseconds. */
    public double estimatedMicros(RlweContext context) {
        int n = context.degree();
        double ntt = NTT_MICROS_4096 * n * Integer.numberOfTrailingZeros(n) / (4096.0 * 12);
        double perPrime = uploads * UPLOAD_NTTS + products * PRODUCT_NTTS + weights * WEIGHT_NTTS + sums * SUM_NTTS;
        return ntt * (level * perPrime + responses * RESPONSE_NTTS + keySwitches * KEY_SWITCH_NTTS);
    }
}
