package org.hequant.he.rlwe;

import org.hequant.he.math.Modulus;
import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;

/**
 * A plaintext multiplicand lifted to R_q with centered coefficients (|w| &lt;= t/2 keeps the noise
 * growth minimal), in NTT form, with a Shoup quotient per residue. Preparing costs a few NTTs once;
 * afterwards every ct x pt product is one multiply-high per residue, which is what a convolution layer
 * reusing its filter polynomials over many tiles and images wants.
 */
public final class PreparedPlaintext {
    private final RnsPoly values;
    private final long[][] shoup;

    PreparedPlaintext(RnsBasis basis, Plaintext p) {
        Modulus t = p.plainModulus();
        long[] centered = new long[p.degree()];
        for (int j = 0; j < centered.length; j++) {
            centered[j] = t.toCentered(p.coefficient(j));
        }
        this.values = RnsPoly.fromSigned(basis, centered);
        values.toNtt();
        this.shoup = new long[basis.size()][];
        for (int i = 0; i < basis.size(); i++) {
            Modulus m = basis.modulus(i);
            long[] limb = values.limb(i);
            long[] s = new long[limb.length];
            for (int j = 0; j < limb.length; j++) {
                s[j] = m.shoupQuotient(limb[j]);
            }
            shoup[i] = s;
        }
    }

    public RnsBasis basis() {
        return values.basis();
    }

    /** out = in * this (pointwise, NTT form), or out += in * this when {@code accumulate}. */
    void multiply(RnsPoly in, RnsPoly out, boolean accumulate) {
        for (int i = 0; i < in.basis().size(); i++) {
            long q = in.basis().modulus(i).value();
            long[] w = values.limb(i);
            long[] ws = shoup[i];
            long[] x = in.limb(i);
            long[] y = out.limb(i);
            for (int j = 0; j < x.length; j++) {
                long r = Modulus.shoupMulLazy(x[j], w[j], ws[j], q);
                r -= r >= q ? q : 0;
                if (accumulate) {
                    r += y[j] - q;
                    r += r < 0 ? q : 0;
                }
                y[j] = r;
            }
        }
    }
}
