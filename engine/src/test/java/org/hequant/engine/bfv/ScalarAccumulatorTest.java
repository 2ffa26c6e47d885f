package org.hequant.engine.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.hequant.he.bfv.BfvEvaluator;
import org.hequant.he.bfv.BfvParameters;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rns.RnsPoly;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The accumulator against BFV's own multiplyScalar and add, term by term, for lazy and modular primes. */
class ScalarAccumulatorTest {
    @ParameterizedTest
    @ValueSource(ints = {56, 58})
    void equalsSumOfMultiplyScalar(int primeBits) {
        // 56-bit primes accumulate lazily with reductions every ~128 units of sum |w|; 58-bit ones modularly.
        int[] data = primeBits == 56 ? new int[] {56, 56} : new int[] {58, 58};
        long t = BfvParameters.smallestBatchingPrime(8192, 20);
        BfvParameters p = BfvParameters.create(8192, t, data, primeBits, 0, 0);
        BfvEvaluator evaluator = new BfvEvaluator(p);
        Random r = new Random(primeBits);
        Ciphertext expected = null;
        Ciphertext acc = new Ciphertext(new RnsPoly(p.dataBasis(), false), new RnsPoly(p.dataBasis(), false));
        ScalarAccumulator sum = new ScalarAccumulator(acc);
        for (int term = 0; term < 60; term++) {
            Ciphertext ct = random(p, r);
            long w = r.nextInt(255) - 127;
            sum.add(w, ct);
            Ciphertext product = evaluator.multiplyScalar(ct, Math.floorMod(w, t));
            expected = expected == null ? product : evaluator.add(expected, product);
        }
        sum.reduce();
        for (int part = 0; part < 2; part++) {
            for (int limb = 0; limb < p.dataLevel(); limb++) {
                assertArrayEquals(expected.part(part).limb(limb), acc.part(part).limb(limb), "part " + part + " limb " + limb);
            }
        }
    }

    private static Ciphertext random(BfvParameters p, Random r) {
        RnsPoly[] parts = new RnsPoly[2];
        for (int i = 0; i < 2; i++) {
            parts[i] = new RnsPoly(p.dataBasis(), false);
            for (int limb = 0; limb < p.dataLevel(); limb++) {
                long q = p.dataBasis().modulus(limb).value();
                long[] x = parts[i].limb(limb);
                for (int j = 0; j < x.length; j++) {
                    x[j] = Math.floorMod(r.nextLong(), q);
                }
            }
        }
        return new Ciphertext(parts);
    }
}
