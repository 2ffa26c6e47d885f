package org.hequant.he.rns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.hequant.he.TestPolynomials;
import org.hequant.he.math.Modulus;
import org.hequant.he.rlwe.RlweContext;
import org.junit.jupiter.api.Test;

class RnsPolyTest {
    private static final RnsBasis BASIS = RlweContext.cheetah4096().basis();

    private static RnsPoly random(long seed) {
        Random r = new Random(seed);
        long[][] limbs = new long[BASIS.size()][];
        for (int i = 0; i < limbs.length; i++) {
            limbs[i] = TestPolynomials.uniform(r, BASIS.degree(), BASIS.modulus(i).value());
        }
        return RnsPoly.wrap(BASIS, limbs, false);
    }

    @Test
    void arithmeticMatchesPerPrimeReference() {
        RnsPoly a = random(1);
        RnsPoly b = random(2);
        RnsPoly sum = a.copy();
        sum.addInPlace(b);
        RnsPoly diff = a.copy();
        diff.subInPlace(b);
        RnsPoly neg = a.copy();
        neg.negateInPlace();
        RnsPoly product = a.copy();
        RnsPoly bn = b.copy();
        product.toNtt();
        bn.toNtt();
        product.mulInPlace(bn);
        product.fromNtt();
        for (int i = 0; i < BASIS.size(); i++) {
            Modulus m = BASIS.modulus(i);
            long[] x = a.limb(i);
            long[] y = b.limb(i);
            long[] s = new long[x.length];
            long[] d = new long[x.length];
            long[] n = new long[x.length];
            for (int j = 0; j < x.length; j++) {
                s[j] = m.add(x[j], y[j]);
                d[j] = m.sub(x[j], y[j]);
                n[j] = m.negate(x[j]);
            }
            assertArrayEquals(s, sum.limb(i));
            assertArrayEquals(d, diff.limb(i));
            assertArrayEquals(n, neg.limb(i));
            assertArrayEquals(TestPolynomials.negacyclicProduct(x, y, m.value()), product.limb(i));
        }
    }

    @Test
    void fromSignedReducesIntoEveryPrime() {
        long[] c = new long[BASIS.degree()];
        c[0] = -1;
        c[1] = 5;
        RnsPoly p = RnsPoly.fromSigned(BASIS, c);
        for (int i = 0; i < BASIS.size(); i++) {
            long q = BASIS.modulus(i).value();
            assertArrayEquals(new long[] {q - 1, 5, 0}, java.util.Arrays.copyOf(p.limb(i), 3));
        }
    }

    @Test
    void mismatchedOperandsAreRejected() {
        RnsPoly a = random(3);
        RnsPoly ntt = random(4);
        ntt.toNtt();
        assertThrows(IllegalArgumentException.class, () -> a.addInPlace(ntt));
        assertThrows(IllegalStateException.class, () -> a.mulInPlace(a.copy()));
        RnsPoly lower = new RnsPoly(BASIS.prefix(1), false);
        assertThrows(IllegalArgumentException.class, () -> a.addInPlace(lower));
        assertThrows(IllegalArgumentException.class, () -> RnsPoly.wrap(BASIS, new long[1][4096], false));
    }
}
