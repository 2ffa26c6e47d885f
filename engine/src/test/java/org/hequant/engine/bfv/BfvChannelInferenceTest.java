package org.hequant.engine.bfv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.QuantizedModel;
import org.junit.jupiter.api.Test;

/**
 * Each CRT channel run alone, under its own fresh keys (as one Spark task each), decrypts to the residues of the
 * plaintext engine's logits mod that channel's prime; the channels recombine into the logits themselves.
 */
class BfvChannelInferenceTest {
    @Test
    void channelsRunApartRecombineIntoTheIntegerEnginesLogits() {
        QuantizedModel m = BfvNetworkEvaluatorTest.small();
        BfvPlan plan = BfvPlanner.plan(m, BfvPlanner.plan(m).neededBits(), 2);
        Random r = new Random(3);
        long[][] x = new long[7][m.inputShape().size()];
        for (long[] image : x) {
            for (int i = 0; i < image.length; i++) {
                image[i] = r.nextInt(4);
            }
        }
        java.util.Arrays.fill(x[6], 3);
        IntegerEngine engine = new IntegerEngine(m);
        List<long[][]> residues = new ArrayList<>();
        int budget = Integer.MAX_VALUE;
        BfvChannelInference run = new BfvChannelInference(plan, 1);
        for (int c = 0; c < 2; c++) {
            BfvChannelInference.Outcome o = run.run(c, x);
            long t = plan.primes().primes().get(c);
            for (int j = 0; j < x.length; j++) {
                long[] logits = engine.run(x[j]);
                for (int k = 0; k < logits.length; k++) {
                    assertEquals(Math.floorMod(logits[k], t), o.residues().residues()[k][j], "channel " + c
                            + " image " + j + " logit " + k);
                }
            }
            // Seeded upload (header 10 + form 1 + seed 16 + N coefficients of sum bits(q_i)) per input position.
            long bits = 0;
            for (int i = 0; i < plan.base().dataLevel(); i++) {
                bits += plan.base().dataBasis().modulus(i).bitLength();
            }
            assertEquals((10 + 1 + 16 + (plan.degree() * bits + 7) / 8) * plan.inputPositions(), o.uploadBytes());
            assertEquals(plan.ciphertextBytes() * plan.outputs(), o.resultBytes());
            assertTrue(o.cpuNanos() > 0 && o.wallNanos() >= o.evaluateNanos() + o.encryptNanos());
            residues.add(o.residues().residues());
            budget = Math.min(budget, o.residues().noiseBudget());
        }
        assertTrue(budget > 0, "noise budget " + budget);
        BfvResult result = BfvResult.recombine(plan.primes(), residues, budget);
        for (int j = 0; j < x.length; j++) {
            long[] logits = engine.run(x[j]);
            assertTrue(result.logitsEqual(j, logits), "image " + j);
            assertEquals(IntegerEngine.argmax(logits), result.labels()[j]);
        }
        // Each prime alone is too narrow for the logits' range: only the recombination is exact.
        assertTrue(plan.primes().primes().get(0) < 1L << (plan.neededBits() + 1));
        assertArrayEquals(new int[] {2, 7}, new int[] {residues.size(), residues.get(0)[0].length});
    }
}
