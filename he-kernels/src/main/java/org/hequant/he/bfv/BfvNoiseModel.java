package org.hequant.he.bfv;

import org.hequant.he.sampling.Samplers;

/**
 * A high-probability (average-case) bound on the invariant noise of the batch-axis BFV evaluation: fresh
 * encryption, scalar products, and ct x ct products with relinearisation, as this kernel implements them. It
 * replaces the additive worst-case rule (log2 t + log2 N + 6 bits fresh, + 4 per product), which on the committed
 * QAT networks was about 38 bits pessimistic.
 *
 * <p><b>Noise in Q units.</b> Write a ciphertext's phase over the integers (centred coefficients) as
 * c0 + c1 s = (Q/t)(m + v) + Q r with m the plaintext polynomial, v the invariant noise (decryption is correct
 * iff |v| &lt; 1/2) and r an integer polynomial. We track E = (Q/t) v and bound the second moment U of each of its
 * coefficients, treating distinct coefficients as uncorrelated and zero-mean (the heuristic of the BFV
 * average-case analyses: Costache and Smart 2016, Kim, Polyakov and Zucca 2021, SEAL's estimates).
 * <ul>
 * <li><b>Fresh</b> (public key, ternary u and s of second moment 2/3, errors of variance s2 = 21/2 from the
 * centred binomial sampler, plus the rounding of Q m / t): E = e1 + e2 s - e u + eps, so
 * U_fresh = s2 (1 + 4N/3) + 1/12. Symmetric (seeded) encryption, as the batch-axis uploads use, has only
 * e + eps, so this bounds it too.</li>
 * <li><b>Scalar products</b> sum_i w_i ct_i: the outputs' noises may be correlated (shared inputs), so the standard
 * deviations add: U times (sum |w|)^2, i.e. the declared linear bits count twice in U, once in the bound. A
 * plaintext bias adds a rounding term of second moment at most 1/4 per layer.</li>
 * <li><b>Product</b> (HPS: exact tensor, then round(t d / Q)): from w_i = (t/Q)(c0 + c1 s) = m_i + v_i + t r_i,
 * the rounded product decrypts to m1 m2 with noise m1 v2 + m2 v1 + v1 v2 + t (v1 r2 + v2 r1) + (t/Q) eps,
 * eps = eps0 + eps1 s + eps2 s^2 with |eps_i| &lt;= 1/2. In Q units the terms have standard deviations
 * sqrt(N t^2/4 U) each (|m| &lt;= t/2, N terms), t sqrt(N U Var r) each with Var r = (1 + 2N/3)/12 (c0 and c1
 * uniform mod Q: r is about c1 s / Q), (t/Q) sqrt(N) U, and sqrt((1 + 2N/3 + 4N^2/9)/12) for eps; the dominant
 * one is 2 t sqrt(N U Var r), about t N sqrt(U) / 2.1, i.e. a product costs about log2 t + log2 N - 1 bits
 * rather than the rule's + 4. The terms share inputs, so their deviations add (Cauchy-Schwarz), not their
 * variances.</li>
 * <li><b>Relinearisation</b> (RNS digits in [0, q_i), special prime P): (1/P) sum_i [d2]_{q_i} e_i plus the
 * mod-down rounding of c0 and c1 s: U_ks = k N s2 (q/P)^2 / 3 + (1 + 2N/3)/4, with (q/P)^2 &lt;= 4 (relinearising
 * later, after a scalar layer on three-part ciphertexts, adds the same term unscaled: less).</li>
 * </ul>
 * Each coefficient of E is a sum of many independent bounded or sub-Gaussian terms; taking it as sub-Gaussian with
 * variance proxy U, P(|E_j| &gt; Z sqrt(U)) &lt;= 2 exp(-Z^2/2) = 2^-71 for Z = 10, which union-bounded over
 * N &lt;= 2^15 coefficients and 2^16 ciphertexts leaves a failure probability below 2^-40. The scalar growth is
 * placed both before the first product and after the last, and the worse budget is kept.
 *
 * <p><b>Budget.</b> The meter reports floor(log2 Q) - bitlength(2 Q ||v||) - 1 &gt;= -log2 ||v|| - 3, so the
 * predicted budget is floor(log2 Q - log2 t - log2(Z sqrt(U))) - 3 - {@link #SLACK_BITS}: the slack covers what
 * the independence heuristic leaves out. Measured budgets sit above it (BfvNoiseBudgetTest reports the gap).
 */
public final class BfvNoiseModel {
    /** Standard deviations of the bound: 2 exp(-Z^2/2) = 2^-71 per coefficient. */
    public static final double Z = 10.0;
    /** Bits subtracted from every prediction for the model's heuristic parts. */
    public static final int SLACK_BITS = 2;
    private static final double ERROR_VARIANCE = Samplers.CBD_ETA / 2.0;
    private static final double TERNARY_SECOND_MOMENT = 2.0 / 3.0;

    private BfvNoiseModel() {
    }

    /**
     * The predicted invariant noise budget after {@code products} ct x ct products with relinearisation and scalar
     * products adding {@code linearBits} (log2 of the sum |w| of each layer, summed over layers).
     *
     * @param log2Q      log2 Q (exact, not floored)
     * @param dataPrimes the number of primes in Q (relinearisation digits)
     */
    public static int predictedBudget(int degree, long t, double log2Q, int dataPrimes, int products,
            int linearBits) {
        double before = noiseLog2(degree, t, log2Q, dataPrimes, products, linearBits, true);
        double after = noiseLog2(degree, t, log2Q, dataPrimes, products, linearBits, false);
        double logT = Math.log(t) / Math.log(2);
        double budget = Math.floor(log2Q - logT - Math.max(before, after)) - 3 - SLACK_BITS;
        // Noise beyond a double's range (a deep demand): no budget at all, and no int overflow.
        return budget > -1e6 ? (int) budget : -1_000_000;
    }

    /** log2 of Z sqrt(U) after the operations, the scalar growth applied first or last. */
    static double noiseLog2(int degree, long t, double log2Q, int dataPrimes, int products, int linearBits,
            boolean growthFirst) {
        double u = freshVariance(degree);
        double growth = Math.pow(2.0, 2.0 * linearBits);
        if (growthFirst || products == 0) {
            u = u * growth + 0.25;
        }
        for (int i = 0; i < products; i++) {
            u = productVariance(degree, t, log2Q, dataPrimes, u);
        }
        if (!growthFirst && products > 0) {
            u = u * growth + 0.25;
        }
        return Math.log(Z * Math.sqrt(u)) / Math.log(2);
    }

    /** U of a fresh encryption. */
    static double freshVariance(int degree) {
        return ERROR_VARIANCE * (1 + 2 * TERNARY_SECOND_MOMENT * degree) + 1.0 / 12;
    }

    /** U added by one key switch (relinearisation or rotation) with k RNS digits. */
    static double keySwitchVariance(int degree, int dataPrimes) {
        return dataPrimes * (double) degree * ERROR_VARIANCE * 4 / 3 + (1 + TERNARY_SECOND_MOMENT * degree) / 4;
    }

    /** U after a ct x ct product (with relinearisation) of two ciphertexts of U = {@code u}. */
    static double productVariance(int degree, long t, double log2Q, int dataPrimes, double u) {
        double n = degree;
        // Everything below is in units where U ~ t^2 N^2 per product: work with log-scaled t to avoid overflow.
        double tOverQ = Math.pow(2.0, Math.log(t) / Math.log(2) - log2Q);
        double varR = (1 + TERNARY_SECOND_MOMENT * n) / 12;
        double rounding = (1 + TERNARY_SECOND_MOMENT * n
                + n * n * TERNARY_SECOND_MOMENT * TERNARY_SECOND_MOMENT) / 12;
        double tt = (double) t;
        double sd = 2 * Math.sqrt(n * tt * tt / 4 * u) + 2 * tt * Math.sqrt(n * u * varR)
                + tOverQ * Math.sqrt(n) * u + Math.sqrt(rounding) + Math.sqrt(keySwitchVariance(degree, dataPrimes));
        return sd * sd;
    }

    /** The budget the meter will show for noise of second moment U (see the class comment). */
    static int budget(long t, double log2Q, double u) {
        double logT = Math.log(t) / Math.log(2);
        double budget = Math.floor(log2Q - logT - Math.log(Z * Math.sqrt(u)) / Math.log(2)) - 3 - SLACK_BITS;
        return budget > -1e6 ? (int) budget : -1_000_000;
    }
}
