package org.hequant.he.bfv;

/**
 * The noise bound of {@link BfvNoiseModel} followed operation by operation, for evaluations that are not the
 * batch axis's fixed sequence (e.g. rotations and slot-wise plaintext products of a single-image layout). It
 * tracks the second moment U of one coefficient of the invariant noise in Q units, under the model's heuristic
 * (coefficients zero-mean and uncorrelated), and reports the budget the same way.
 */
public final class NoiseTracker {
    private final int degree;
    private final long t;
    private final double log2Q;
    private final int dataPrimes;
    private double u;

    /** A fresh encryption under N = {@code degree}, plaintext modulus t, log2 Q and k = {@code dataPrimes}. */
    public NoiseTracker(int degree, long t, double log2Q, int dataPrimes) {
        this.degree = degree;
        this.t = t;
        this.log2Q = log2Q;
        this.dataPrimes = dataPrimes;
        this.u = BfvNoiseModel.freshVariance(degree);
    }

    /**
     * A sum of {@code terms} products of ciphertexts with this noise by arbitrary slot plaintexts: a plaintext's
     * coefficients are bounded by t/2, so each of the N terms of a product coefficient has second moment at most
     * t^2/4 U; the plaintexts of distinct terms are unrelated, so their variances add.
     */
    public NoiseTracker plainProducts(long terms) {
        u *= (double) terms * degree * ((double) t * t / 4);
        return this;
    }

    /** {@code count} key switches (rotations) whose additive noise lands on this ciphertext. */
    public NoiseTracker keySwitches(long count) {
        u += count * BfvNoiseModel.keySwitchVariance(degree, dataPrimes);
        return this;
    }

    /** The sum of {@code copies} ciphertexts of this noise that may be correlated: standard deviations add. */
    public NoiseTracker sum(int copies) {
        u *= (double) copies * copies;
        return this;
    }

    /** Adding a plaintext (bias): the rounding of Q m / t. */
    public NoiseTracker addPlain() {
        u += 0.25;
        return this;
    }

    /** A ct x ct product of two ciphertexts of this noise (a square) with relinearisation. */
    public NoiseTracker product() {
        u = BfvNoiseModel.productVariance(degree, t, log2Q, dataPrimes, u);
        return this;
    }

    /** The predicted invariant noise budget left, in the units of the decryptor's meter. */
    public int budget() {
        return BfvNoiseModel.budget(t, log2Q, u);
    }
}
