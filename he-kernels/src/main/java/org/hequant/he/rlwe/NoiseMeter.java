package org.hequant.he.rlwe;

import java.math.BigInteger;
import org.hequant.he.math.Modulus;
import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;

/**
 * Measures invariant noise with the secret key (tests and diagnostics only, never on a server). The
 * budget is SEAL's: log2(q) - log2(2 * max_j |[t * phase_j]_q|) - 1 with the phase c0 + c1*s, i.e. the
 * number of bits by which the noise can still grow before decryption fails. Exact, via BigInteger.
 */
public final class NoiseMeter {
    private final Decryptor decryptor;

    public NoiseMeter(SecretKey secretKey) {
        this.decryptor = new Decryptor(secretKey);
    }

    /** SEAL's invariant noise budget in bits; 0 means decryption may fail. */
    public int invariantNoiseBudget(Ciphertext ct, Modulus t) {
        RnsPoly phase = decryptor.phase(ct);
        RnsBasis basis = phase.basis();
        BigInteger q = basis.product();
        BigInteger halfQ = q.shiftRight(1);
        BigInteger bigT = BigInteger.valueOf(t.value());
        BigInteger[] crt = crtFactors(basis);
        BigInteger worst = BigInteger.ZERO;
        for (int j = 0; j < phase.degree(); j++) {
            BigInteger x = BigInteger.ZERO;
            for (int i = 0; i < basis.size(); i++) {
                x = x.add(crt[i].multiply(BigInteger.valueOf(phase.limb(i)[j])));
            }
            BigInteger v = x.multiply(bigT).mod(q);
            if (v.compareTo(halfQ) > 0) {
                v = q.subtract(v);
            }
            if (v.compareTo(worst) > 0) {
                worst = v;
            }
        }
        int budget = q.bitLength() - worst.shiftLeft(1).bitLength() - 1;
        return Math.max(budget, 0);
    }

    private static BigInteger[] crtFactors(RnsBasis basis) {
        BigInteger q = basis.product();
        BigInteger[] f = new BigInteger[basis.size()];
        for (int i = 0; i < f.length; i++) {
            BigInteger qi = BigInteger.valueOf(basis.modulus(i).value());
            BigInteger punctured = q.divide(qi);
            f[i] = punctured.multiply(punctured.modInverse(qi));
        }
        return f;
    }
}
