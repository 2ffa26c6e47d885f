package org.hequant.engine.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import org.hequant.he.bfv.BatchEncoder;
import org.hequant.he.bfv.BfvDecryptor;
import org.hequant.he.bfv.BfvEncryptor;
import org.hequant.he.bfv.BfvEvaluator;
import org.hequant.he.bfv.BfvGaloisKeys;
import org.hequant.he.bfv.BfvKeyGenerator;
import org.hequant.he.bfv.BfvParameters;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.SecretKey;
import org.junit.jupiter.api.Test;

/** The baby-step/giant-step diagonal product against the schoolbook sum over rotated rows mod t. */
class DiagonalProductTest {
    @Test
    void equalsTheSchoolbookSumOfRotatedRowsModT() {
        // Room for two products: 21 slot-vector products and their rotations need about one.
        BfvParameters p = BfvParameters.select(20, 2, 0);
        int n = p.degree();
        int half = n / 2;
        long t = p.plainModulus().value();
        Random r = new Random(5);
        int count = 21;
        long[][] diagonals = new long[count][];
        for (int i = 0; i < count; i++) {
            // A zero diagonal inside a group, and a whole zero group (8..15 with B = 8): both are skipped.
            if (i == 3 || (i >= 8 && i < 16)) {
                continue;
            }
            diagonals[i] = new long[n];
            for (int j = 0; j < n; j++) {
                diagonals[i][j] = r.nextInt(2001) - 1000;
            }
        }
        long[] x = new long[n];
        for (int j = 0; j < n; j++) {
            x[j] = r.nextInt((int) Math.min(t, 1 << 20));
        }
        long[] expected = new long[n];
        for (int row = 0; row < 2; row++) {
            for (int j = 0; j < half; j++) {
                long sum = 0;
                for (int i = 0; i < count; i++) {
                    if (diagonals[i] != null) {
                        sum = Math.floorMod(sum + Math.floorMod(diagonals[i][row * half + j], t)
                                * x[row * half + (j + i) % half], t);
                    }
                }
                expected[row * half + j] = sum;
            }
        }
        assertEquals(8, DiagonalProduct.babySteps(count));
        boolean[] nonzero = new boolean[count];
        for (int i = 0; i < count; i++) {
            nonzero[i] = diagonals[i] != null;
        }
        TreeSet<Integer> steps = DiagonalProduct.rotationSteps(nonzero);
        assertEquals(new TreeSet<>(java.util.List.of(1, 2, 3, 4, 5, 6, 7, 16)), steps);

        BfvKeyGenerator keys = new BfvKeyGenerator(p);
        SecretKey sk = keys.secretKey();
        BfvGaloisKeys galois = keys.rotationKeys(sk, steps.stream().mapToInt(Integer::intValue).toArray());
        BfvEvaluator evaluator = new BfvEvaluator(p, null, galois);
        BatchEncoder encoder = new BatchEncoder(p);
        Ciphertext ct = new BfvEncryptor(p, keys.publicKey(sk)).encrypt(encoder.encode(x));
        DiagonalProduct product = new DiagonalProduct(p, evaluator, diagonals);
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            Ciphertext out = product.apply(evaluator, ct, pool);
            BfvDecryptor decryptor = new BfvDecryptor(p, sk);
            assertTrue(decryptor.invariantNoiseBudget(out) > 0, "no noise budget left");
            assertArrayEquals(expected, encoder.decode(decryptor.decrypt(out)));
        } finally {
            pool.shutdown();
        }
    }
}
