package org.hequant.he.bfv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;
import org.junit.jupiter.api.Test;

/** The RNS base extension and t/Q scaling against exact BigInteger arithmetic. */
class HpsMultiplicationTest {
    private static final BfvParameters PARAMS = BfvParameters.select(20, 3, 0);
    private static final HpsMultiplication HPS = new HpsMultiplication(PARAMS);
    private static final BigInteger Q = PARAMS.q();

    private static BigInteger centred(BigInteger x, BigInteger modulus) {
        BigInteger r = x.mod(modulus);
        return r.shiftLeft(1).compareTo(modulus) > 0 ? r.subtract(modulus) : r;
    }

    private static BigInteger fromResidues(RnsPoly p, int coefficient) {
        RnsBasis basis = p.basis();
        BigInteger x = BigInteger.ZERO;
        for (int i = 0; i < basis.size(); i++) {
            BigInteger qi = BigInteger.valueOf(basis.modulus(i).value());
            BigInteger punctured = basis.product().divide(qi);
            x = x.add(BigInteger.valueOf(p.limb(i)[coefficient]).multiply(punctured).multiply(punctured.modInverse(qi)));
        }
        return x.mod(basis.product());
    }

    @Test
    void extendedBasisHoldsTheTensor() {
        BigInteger m = HPS.extendedBasis().product();
        BigInteger bound = Q.pow(2).multiply(BigInteger.valueOf(PARAMS.degree()));
        assertTrue(m.compareTo(bound.shiftLeft(4)) > 0, "M must exceed 16 N Q^2");
        assertTrue(HPS.extendedBasis().startsWith(PARAMS.dataBasis()));
    }

    @Test
    void liftGivesTheCentredRepresentative() {
        Random r = new Random(31);
        int n = PARAMS.degree();
        BigInteger[] values = new BigInteger[n];
        RnsPoly x = new RnsPoly(PARAMS.dataBasis(), false);
        for (int c = 0; c < n; c++) {
            values[c] = c < 4 ? Q.shiftRight(1).add(BigInteger.valueOf(c - 2)) : new BigInteger(Q.bitLength() + 8, r).mod(Q);
            for (int i = 0; i < PARAMS.dataLevel(); i++) {
                x.limb(i)[c] = values[c].mod(BigInteger.valueOf(PARAMS.dataBasis().modulus(i).value())).longValue();
            }
        }
        RnsPoly lifted = HPS.lift(x);
        BigInteger m = lifted.basis().product();
        BigInteger slack = Q.shiftRight(1).add(Q.shiftRight(40));
        for (int c = 0; c < n; c += c < 4 ? 1 : 7) {
            BigInteger l = centred(fromResidues(lifted, c), m);
            assertEquals(values[c], l.mod(Q), "coefficient " + c + " is a representative of x");
            assertTrue(l.abs().compareTo(slack) <= 0, "coefficient " + c + " is centred up to 2^-40 Q");
            if (c >= 4) {
                // Away from +-Q/2 the floating-point quotient is exact: the centred representative itself.
                assertEquals(centred(values[c], Q), l, "coefficient " + c);
            }
        }
    }

    @Test
    void scaleRoundsTDOverQExactly() {
        Random r = new Random(32);
        int n = PARAMS.degree();
        RnsBasis extended = HPS.extendedBasis();
        BigInteger bound = Q.pow(2).multiply(BigInteger.valueOf(n)).shiftRight(1);
        BigInteger t = BigInteger.valueOf(PARAMS.plainModulus().value());
        BigInteger[] values = new BigInteger[n];
        RnsPoly d = new RnsPoly(extended, false);
        for (int c = 0; c < n; c++) {
            BigInteger v = new BigInteger(bound.bitLength() + 4, r).mod(bound.shiftLeft(1)).subtract(bound);
            values[c] = c == 0 ? bound.negate() : c == 1 ? bound : v;
            for (int i = 0; i < extended.size(); i++) {
                d.limb(i)[c] = values[c].mod(BigInteger.valueOf(extended.modulus(i).value())).longValue();
            }
        }
        RnsPoly scaled = HPS.scale(d);
        for (int c = 0; c < n; c += 5) {
            // round(t d / Q) = floor((2 t d + Q) / 2Q); Q is odd, so there is no tie.
            BigInteger numerator = t.multiply(values[c]).shiftLeft(1).add(Q);
            BigInteger[] qr = numerator.divideAndRemainder(Q.shiftLeft(1));
            BigInteger expected = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
            assertEquals(expected.mod(Q), fromResidues(scaled, c), "coefficient " + c);
        }
    }
}
