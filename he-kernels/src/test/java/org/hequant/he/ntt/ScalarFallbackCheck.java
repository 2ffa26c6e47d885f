package org.hequant.he.ntt;

import java.util.Arrays;
import java.util.Random;
import org.hequant.he.TestPolynomials;
import org.hequant.he.rlwe.RlweContext;

/** Run in a JVM without the incubator module by {@link NttWithoutVectorModuleTest}: the scalar path must serve. */
public final class ScalarFallbackCheck {
    private ScalarFallbackCheck() {
    }

    public static void main(String[] args) {
        NttTables ntt = RlweContext.cheetah4096().basis().ntt(0);
        long q = ntt.modulus().value();
        Random r = new Random(5);
        long[] a = TestPolynomials.uniform(r, ntt.degree(), q);
        long[] b = TestPolynomials.uniform(r, ntt.degree(), q);
        long[] fa = a.clone();
        long[] fb = b.clone();
        ntt.forward(fa);
        ntt.forward(fb);
        for (int i = 0; i < fa.length; i++) {
            fa[i] = ntt.modulus().mul(fa[i], fb[i]);
        }
        ntt.inverse(fa);
        boolean product = Arrays.equals(fa, TestPolynomials.negacyclicProduct(a, b, q));
        System.out.println("vector stages " + NttTables.vectorStages() + ", product " + product);
    }
}
