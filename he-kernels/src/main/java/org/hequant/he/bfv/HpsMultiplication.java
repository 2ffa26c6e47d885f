package org.hequant.he.bfv;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.hequant.he.math.Modulus;
import org.hequant.he.math.Primes;
import org.hequant.he.math.UInt128;
import org.hequant.he.ntt.NttTables;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;

/**
 * The BFV tensor product in RNS after Halevi, Polyakov and Shoup (CT-RSA 2019, ePrint 2018/117): both
 * ciphertexts are lifted exactly from Q to Q x B, where an auxiliary basis B of 60-bit primes makes M = QB
 * hold the integer tensor, the tensor is taken there in NTT form, and every coefficient d is scaled to
 * round(t d / Q) mod Q.
 *
 * <p>Both steps rest on the CRT with the quotient estimated in floating point: x = sum_r y_r (M/r) - v M with
 * y_r = [x_r (M/r)^-1]_r and v = round(sum_r y_r / r). A lifted ciphertext coefficient gets its centred
 * representative, except within about 2^-48 Q of +-Q/2, where it may get the other one; that adds
 * t X^j (c0' + c1' s) = t X^j (Delta m' + v') mod Q to the product's phase, less than the product noise itself,
 * and happens with probability about 2^-47 per coefficient. For the tensor |d| &lt; N Q^2 / 2 &lt; M / 16, so sum_r y_r / r lies within 1/16 of an integer and the
 * double sum (error about 2^-48) always rounds to the true v. Then
 * t d / Q = sum_{q_i} y_i t B / q_i + sum_{b in B} y_b t B / b - v t B, where only the first sum is fractional:
 * its integer parts are precomputed mod each q_j and its fractional parts y_i [tB]_{q_i} / q_i are accumulated
 * in 64-bit fixed point (error below k 2^-63), so the rounding is exact except within 2^-60 of a half.
 *
 * <p>HPS rather than BEHZ because every step is an exact CRT identity with one rounded quotient, which the tests
 * can check against BigInteger arithmetic, and it needs no Montgomery correction or Shenoy-Kumaresan modulus;
 * the price is a slightly larger B (one prime more), a small share of the cost next to the NTTs.
 */
final class HpsMultiplication {
    private final int degree;
    private final RnsBasis q;
    private final RnsBasis extended;
    private final int k;
    private final int kb;

    // Lifting Q -> B.
    private final long[] liftInverse;
    private final long[] liftInverseShoup;
    private final double[] qReciprocal;
    private final long[][] puncturedModB;
    private final long[][] puncturedModBShoup;
    private final long[] qModB;

    // Scaling by t/Q from Q x B to Q.
    private final long[] scaleInverse;
    private final long[] scaleInverseShoup;
    private final double[] extendedReciprocal;
    private final long[] fractionHigh;
    private final long[] fractionLow;
    /** [floor(tB / q_i)]_{q_j} for i in Q, then [tB / b]_{q_j} for b in B, indexed [j][r]. */
    private final long[][] scaleFactors;
    private final long[][] scaleFactorsShoup;
    private final long[] tbModQ;

    HpsMultiplication(BfvParameters parameters) {
        this.degree = parameters.degree();
        this.q = parameters.dataBasis();
        this.k = q.size();
        BigInteger bigQ = q.product();
        List<Long> taken = new ArrayList<>(parameters.context().basis().primes());
        BigInteger bound = bigQ.multiply(BigInteger.valueOf(16L * degree));
        List<Long> auxiliary = new ArrayList<>();
        BigInteger bigB = BigInteger.ONE;
        while (bigB.compareTo(bound) <= 0) {
            long b = Primes.nttPrimes(NttTables.MAX_PRIME_BITS, degree, 1, taken).get(0);
            taken.add(b);
            auxiliary.add(b);
            bigB = bigB.multiply(BigInteger.valueOf(b));
        }
        this.kb = auxiliary.size();
        List<Long> all = new ArrayList<>(q.primes());
        all.addAll(auxiliary);
        this.extended = new RnsBasis(degree, all);
        BigInteger t = BigInteger.valueOf(parameters.plainModulus().value());

        liftInverse = new long[k];
        liftInverseShoup = new long[k];
        qReciprocal = new double[k];
        puncturedModB = new long[kb][k];
        puncturedModBShoup = new long[kb][k];
        qModB = new long[kb];
        for (int i = 0; i < k; i++) {
            Modulus m = q.modulus(i);
            BigInteger qi = BigInteger.valueOf(m.value());
            BigInteger punctured = bigQ.divide(qi);
            liftInverse[i] = punctured.modInverse(qi).longValue();
            liftInverseShoup[i] = m.shoupQuotient(liftInverse[i]);
            qReciprocal[i] = 1.0 / m.value();
            for (int j = 0; j < kb; j++) {
                Modulus b = extended.modulus(k + j);
                puncturedModB[j][i] = punctured.mod(BigInteger.valueOf(b.value())).longValue();
                puncturedModBShoup[j][i] = b.shoupQuotient(puncturedModB[j][i]);
            }
        }
        for (int j = 0; j < kb; j++) {
            qModB[j] = bigQ.mod(BigInteger.valueOf(extended.modulus(k + j).value())).longValue();
        }

        BigInteger bigM = extended.product();
        BigInteger tb = t.multiply(bigB);
        int all64 = k + kb;
        scaleInverse = new long[all64];
        scaleInverseShoup = new long[all64];
        extendedReciprocal = new double[all64];
        fractionHigh = new long[k];
        fractionLow = new long[k];
        scaleFactors = new long[k][all64];
        scaleFactorsShoup = new long[k][all64];
        tbModQ = new long[k];
        for (int r = 0; r < all64; r++) {
            Modulus m = extended.modulus(r);
            BigInteger br = BigInteger.valueOf(m.value());
            scaleInverse[r] = bigM.divide(br).modInverse(br).longValue();
            scaleInverseShoup[r] = m.shoupQuotient(scaleInverse[r]);
            extendedReciprocal[r] = 1.0 / m.value();
        }
        for (int i = 0; i < k; i++) {
            BigInteger qi = BigInteger.valueOf(q.modulus(i).value());
            BigInteger fraction = tb.mod(qi).shiftLeft(128).divide(qi);
            fractionLow[i] = fraction.longValue();
            fractionHigh[i] = fraction.shiftRight(64).longValue();
        }
        for (int j = 0; j < k; j++) {
            Modulus target = q.modulus(j);
            BigInteger qj = BigInteger.valueOf(target.value());
            for (int r = 0; r < all64; r++) {
                BigInteger br = BigInteger.valueOf(extended.modulus(r).value());
                scaleFactors[j][r] = tb.divide(br).mod(qj).longValue();
                scaleFactorsShoup[j][r] = target.shoupQuotient(scaleFactors[j][r]);
            }
            tbModQ[j] = tb.mod(qj).longValue();
        }
    }

    /** Q x B, the basis the tensor is taken in (Q's primes first). */
    RnsBasis extendedBasis() {
        return extended;
    }

    /** The size-3 tensor (d0, d1, d2) of two size-2 coefficient-form ciphertexts, scaled by t/Q. */
    Ciphertext multiply(Ciphertext a, Ciphertext b) {
        boolean square = a == b;
        RnsPoly a0 = liftToNtt(a.part(0));
        RnsPoly a1 = liftToNtt(a.part(1));
        RnsPoly b0 = square ? a0 : liftToNtt(b.part(0));
        RnsPoly b1 = square ? a1 : liftToNtt(b.part(1));
        RnsPoly d0 = a0.copy();
        d0.mulInPlace(b0);
        RnsPoly d2 = a1.copy();
        d2.mulInPlace(b1);
        RnsPoly d1 = a0;
        if (square) {
            d1.mulInPlace(a1);
            d1.addInPlace(d1);
        } else {
            d1.mulInPlace(b1);
            a1.mulInPlace(b0);
            d1.addInPlace(a1);
        }
        return new Ciphertext(scale(d0), scale(d1), scale(d2));
    }

    private RnsPoly liftToNtt(RnsPoly x) {
        RnsPoly lifted = lift(x);
        lifted.toNtt();
        return lifted;
    }

    /** The centred representative of x (coefficient form over Q) over Q x B. */
    RnsPoly lift(RnsPoly x) {
        RnsPoly out = new RnsPoly(extended, false);
        int n = degree;
        long[][] y = new long[k][];
        double[] estimate = new double[n];
        for (int i = 0; i < k; i++) {
            long[] src = x.limb(i);
            System.arraycopy(src, 0, out.limb(i), 0, n);
            long qi = q.modulus(i).value();
            long w = liftInverse[i];
            long ws = liftInverseShoup[i];
            double reciprocal = qReciprocal[i];
            long[] yi = new long[n];
            for (int c = 0; c < n; c++) {
                long v = Modulus.shoupMulLazy(src[c], w, ws, qi);
                v -= v >= qi ? qi : 0;
                yi[c] = v;
                estimate[c] += v * reciprocal;
            }
            y[i] = yi;
        }
        for (int j = 0; j < kb; j++) {
            Modulus b = extended.modulus(k + j);
            long bv = b.value();
            long[] dst = out.limb(k + j);
            long[] factors = puncturedModB[j];
            long[] factorsShoup = puncturedModBShoup[j];
            long twoB = 2 * bv;
            long qb = qModB[j];
            for (int c = 0; c < n; c++) {
                long sum = 0;
                for (int i = 0; i < k; i++) {
                    sum += Modulus.shoupMulLazy(y[i][c], factors[i], factorsShoup[i], bv);
                    sum -= sum >= twoB ? twoB : 0;
                }
                long overflow = Math.round(estimate[c]);
                dst[c] = b.sub(b.reduce(sum), b.mul(overflow, qb));
            }
        }
        return out;
    }

    /** round(t d / Q) mod Q for d in coefficient form over Q x B with |d| &lt; M / 16. */
    RnsPoly scale(RnsPoly d) {
        d.fromNtt();
        int n = degree;
        int all = k + kb;
        long[][] y = new long[all][n];
        double[] estimate = new double[n];
        for (int r = 0; r < all; r++) {
            long mr = extended.modulus(r).value();
            long w = scaleInverse[r];
            long ws = scaleInverseShoup[r];
            double reciprocal = extendedReciprocal[r];
            long[] src = d.limb(r);
            long[] yr = y[r];
            for (int c = 0; c < n; c++) {
                long v = Modulus.shoupMulLazy(src[c], w, ws, mr);
                v -= v >= mr ? mr : 0;
                yr[c] = v;
                estimate[c] += v * reciprocal;
            }
        }
        // round(sum_i y_i [tB]_{q_i} / q_i): integer parts plus the carry out of the 64-bit fractions. Each
        // integer part is below 2^60, so the unsigned sum is exact for the at most 14 primes 881 bits allow.
        long[] rounded = new long[n];
        long[] fraction = new long[n];
        for (int i = 0; i < k; i++) {
            long fh = fractionHigh[i];
            long fl = fractionLow[i];
            long[] yi = y[i];
            for (int c = 0; c < n; c++) {
                long yc = yi[c];
                long whole = UInt128.mulHigh(yc, fh);
                long low = yc * fh;
                long part = low + UInt128.mulHigh(yc, fl);
                whole += UInt128.lessThan(part, low) ? 1 : 0;
                long previous = fraction[c];
                long sum = previous + part;
                whole += UInt128.lessThan(sum, previous) ? 1 : 0;
                fraction[c] = sum;
                rounded[c] += whole;
            }
        }
        RnsPoly out = new RnsPoly(q, false);
        for (int j = 0; j < k; j++) {
            Modulus target = q.modulus(j);
            long qj = target.value();
            long twoQ = 2 * qj;
            long[] factors = scaleFactors[j];
            long[] factorsShoup = scaleFactorsShoup[j];
            long tb = tbModQ[j];
            long[] dst = out.limb(j);
            for (int c = 0; c < n; c++) {
                long acc = target.reduce(rounded[c] + (fraction[c] < 0 ? 1 : 0));
                for (int r = 0; r < all; r++) {
                    acc += Modulus.shoupMulLazy(y[r][c], factors[r], factorsShoup[r], qj);
                    acc -= acc >= twoQ ? twoQ : 0;
                }
                long overflow = Math.round(estimate[c]);
                dst[c] = target.sub(target.reduce(acc), target.mul(overflow, tb));
            }
        }
        return out;
    }
}
