package org.hequant.he.rlwe;

import org.hequant.he.math.Modulus;

/** A coefficient-encoded plaintext: N values in [0, t) for a plaintext modulus t. */
public final class Plaintext {
    private final Modulus t;
    private final long[] coefficients;

    public Plaintext(Modulus t, long[] coefficients) {
        for (int i = 0; i < coefficients.length; i++) {
            long c = coefficients[i];
            if (c < 0 || c >= t.value()) {
                throw new IllegalArgumentException("plaintext coefficient " + i + " = " + c + " is outside [0, t = "
                        + t.value() + ")");
            }
        }
        this.t = t;
        this.coefficients = coefficients.clone();
    }

    public Modulus plainModulus() {
        return t;
    }

    public int degree() {
        return coefficients.length;
    }

    public long coefficient(int i) {
        return coefficients[i];
    }

    public long[] coefficients() {
        return coefficients.clone();
    }

    long[] view() {
        return coefficients;
    }
}
