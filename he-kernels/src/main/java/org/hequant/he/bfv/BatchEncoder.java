package org.hequant.he.bfv;

import org.hequant.he.math.Modulus;
import org.hequant.he.ntt.NttTables;
import org.hequant.he.rlwe.Plaintext;

/**
 * SIMD batching for a prime t = 1 mod 2N: X^N + 1 splits into N linear factors mod t, so R_t is Z_t^N and a
 * plaintext polynomial is its N evaluations at the odd powers of a primitive 2N-th root psi mod t. The slots
 * form a 2 x N/2 matrix: slot c of row 0 holds m(psi^(3^c)) and slot c of row 1 holds m(psi^(-3^c)), so the
 * automorphism X -&gt; X^3 rotates both rows left by one and X -&gt; X^(2N-1) swaps them (the layout of SEAL's
 * BatchEncoder). Encoding is an inverse negacyclic NTT mod t over this slot order, decoding a forward one.
 */
public final class BatchEncoder {
    private final Modulus t;
    private final NttTables ntt;
    private final int[] slotToNtt;

    public BatchEncoder(BfvParameters parameters) {
        this.t = parameters.plainModulus();
        int n = parameters.degree();
        this.ntt = new NttTables(n, t);
        this.slotToNtt = new int[n];
        int logN = Integer.numberOfTrailingZeros(n);
        long twoN = 2L * n;
        long power = 1;
        for (int c = 0; c < n / 2; c++) {
            // NttTables leaves m(psi^(2j+1)) at the bit-reversed position of j.
            slotToNtt[c] = Integer.reverse((int) ((power - 1) / 2)) >>> (32 - logN);
            slotToNtt[n / 2 + c] = Integer.reverse((int) ((twoN - power - 1) / 2)) >>> (32 - logN);
            power = power * 3 % twoN;
        }
    }

    public int slotCount() {
        return slotToNtt.length;
    }

    public Modulus plainModulus() {
        return t;
    }

    /** The plaintext whose slots hold {@code values} (N values in [0, t); row 0 first, then row 1). */
    public Plaintext encode(long[] values) {
        int n = slotToNtt.length;
        if (values.length != n) {
            throw new IllegalArgumentException("values has " + values.length + " slots, N = " + n);
        }
        long[] poly = new long[n];
        for (int i = 0; i < n; i++) {
            long v = values[i];
            if (v < 0 || v >= t.value()) {
                throw new IllegalArgumentException("values[" + i + "] = " + v + " is outside [0, t = " + t + ")");
            }
            poly[slotToNtt[i]] = v;
        }
        ntt.inverse(poly);
        return new Plaintext(t, poly);
    }

    /** Signed values in (-t/2, t/2], stored mod t. */
    public Plaintext encodeSigned(long[] values) {
        long half = t.value() / 2;
        long[] reduced = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] > half || values[i] < -half) {
                throw new IllegalArgumentException("values[" + i + "] = " + values[i] + " is outside [-" + half + ", "
                        + half + "] for t = " + t);
            }
            reduced[i] = t.fromSigned(values[i]);
        }
        return encode(reduced);
    }

    /** The N slot values in [0, t). */
    public long[] decode(Plaintext p) {
        int n = slotToNtt.length;
        if (p.degree() != n) {
            throw new IllegalArgumentException("plaintext has " + p.degree() + " coefficients, N = " + n);
        }
        if (!p.plainModulus().equals(t)) {
            throw new IllegalArgumentException("plaintext modulus " + p.plainModulus() + " differs from t = " + t);
        }
        long[] poly = p.coefficients();
        ntt.forward(poly);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = poly[slotToNtt[i]];
        }
        return values;
    }

    /** The slot values centred into (-t/2, t/2]. */
    public long[] decodeSigned(Plaintext p) {
        long[] values = decode(p);
        for (int i = 0; i < values.length; i++) {
            values[i] = t.toCentered(values[i]);
        }
        return values;
    }
}
