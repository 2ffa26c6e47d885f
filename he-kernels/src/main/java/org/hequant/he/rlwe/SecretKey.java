package org.hequant.he.rlwe;

import org.hequant.he.math.Modulus;
import org.hequant.he.rns.RnsPoly;

/**
 * The client's ternary secret s. Only {@link KeyGenerator} and the wire reader create one, and only
 * the client-side classes ({@link SymmetricEncryptor}, {@link Decryptor}) accept one: no server-side
 * type has a constructor or method taking it.
 */
public final class SecretKey {
    private final RlweContext context;
    private final long[] ternary;
    private final RnsPoly ntt;
    private final long[][] nttShoup;

    SecretKey(RlweContext context, long[] ternary) {
        if (ternary.length != context.degree()) {
            throw new IllegalArgumentException("secret key has " + ternary.length + " coefficients, N = " + context.degree());
        }
        for (int i = 0; i < ternary.length; i++) {
            if (ternary[i] < -1 || ternary[i] > 1) {
                throw new IllegalArgumentException("secret key coefficient " + i + " is not ternary");
            }
        }
        this.context = context;
        this.ternary = ternary.clone();
        this.ntt = RnsPoly.fromSigned(context.basis(), ternary);
        ntt.toNtt();
        this.nttShoup = new long[context.maxLevel()][];
        for (int i = 0; i < nttShoup.length; i++) {
            Modulus m = context.basis().modulus(i);
            long[] limb = ntt.limb(i);
            long[] shoup = new long[limb.length];
            for (int j = 0; j < limb.length; j++) {
                shoup[j] = m.shoupQuotient(limb[j]);
            }
            nttShoup[i] = shoup;
        }
    }

    public RlweContext context() {
        return context;
    }

    /** The ternary coefficients, for storing the key on the client (never send or log them). */
    public long[] coefficients() {
        return ternary.clone();
    }

    /** c = c * s in NTT form, for the limbs of {@code c}'s level. */
    void multiplyInPlace(RnsPoly c) {
        for (int i = 0; i < c.basis().size(); i++) {
            long q = c.basis().modulus(i).value();
            long[] s = ntt.limb(i);
            long[] ss = nttShoup[i];
            long[] x = c.limb(i);
            for (int j = 0; j < x.length; j++) {
                long prod = Modulus.shoupMulLazy(x[j], s[j], ss[j], q);
                x[j] = prod - (prod >= q ? q : 0);
            }
        }
    }

    /** acc[i] -= or += c[i] * s in NTT form, limb by limb, for the limbs of {@code c}'s level. */
    void multiplyAccumulate(RnsPoly c, RnsPoly acc, boolean subtract) {
        for (int i = 0; i < c.basis().size(); i++) {
            long q = c.basis().modulus(i).value();
            long[] s = ntt.limb(i);
            long[] ss = nttShoup[i];
            long[] in = c.limb(i);
            long[] out = acc.limb(i);
            for (int j = 0; j < in.length; j++) {
                long prod = Modulus.shoupMulLazy(in[j], s[j], ss[j], q);
                prod -= prod >= q ? q : 0;
                long v = subtract ? out[j] - prod : out[j] + prod - q;
                out[j] = v + (v < 0 ? q : 0);
            }
        }
    }
}
