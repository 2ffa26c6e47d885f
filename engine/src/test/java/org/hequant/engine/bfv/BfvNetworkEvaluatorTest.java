package org.hequant.engine.bfv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.ValueRange;
import org.hequant.models.zoo.BitConfig;
import org.hequant.models.zoo.ModelZoo;
import org.junit.jupiter.api.Test;

/** Batch-axis BFV inference against the plaintext integer engine, logit for logit. */
public class BfvNetworkEvaluatorTest {
    private static final Requantization ID = new Requantization(1, 0, 62, false);

    /** 1x8x8 2-bit input, conv 3x3 -> 2 channels (one zero weight, biases), square, flatten, linear 72 -> 3. */
    public static QuantizedModel small() {
        return small(new long[] {1000, -77, 0}, 0);
    }

    private static QuantizedModel small(long[] fcBias, int fcBiasShift) {
        Random r = new Random(11);
        int[] cw = new int[2 * 9];
        for (int i = 0; i < cw.length; i++) {
            cw[i] = r.nextInt(15) - 7;
        }
        cw[4] = 0;
        int[] lw = new int[3 * 72];
        for (int i = 0; i < lw.length; i++) {
            lw[i] = r.nextInt(15) - 7;
        }
        List<Node> nodes = List.of(
                new Node("conv1", new Conv2d(1, 2, 3, 3, 1, 0, 0, 0, 0, 1, 4, cw, new long[] {-9, 4}, ID),
                        List.of("input")),
                new Node("square1", new Square(ID), List.of("conv1")),
                new Node("flatten", new Flatten(), List.of("square1")),
                new Node("fc", new Linear(72, 3, 4, lw, fcBias, fcBiasShift, ID), List.of("flatten")));
        return new QuantizedModel("small-bfv", new TensorShape(1, 8, 8), new ValueRange(2, false),
                InputQuantization.unitRange(2, 1), nodes);
    }

    /**
     * CIFAR HCNN's block twice, shrunk: conv -> square -> 2x2 sum pool (an odd 7x7 map: its last row and column are
     * read by no pool window), then conv -> square -> sum pool again, flatten, linear. Exercises the evaluator's
     * one-pool-output-at-a-time path with relinearisation after the pool (block 1) and inside the block (after
     * conv2, the smallest tensor before the next square).
     */
    static QuantizedModel pooled() {
        Random r = new Random(12);
        int[] c1 = new int[2 * 9];
        for (int i = 0; i < c1.length; i++) {
            c1[i] = r.nextInt(7) - 3;
        }
        int[] c2 = new int[2 * 2 * 4];
        for (int i = 0; i < c2.length; i++) {
            c2[i] = r.nextInt(7) - 3;
        }
        int[] lw = new int[3 * 2];
        for (int i = 0; i < lw.length; i++) {
            lw[i] = r.nextInt(7) - 3;
        }
        List<Node> nodes = List.of(
                new Node("conv1", new Conv2d(1, 2, 3, 3, 1, 0, 0, 0, 0, 1, 3, c1, new long[] {5, -3}, ID),
                        List.of("input")),
                new Node("square1", new Square(ID), List.of("conv1")),
                new Node("pool1", new Pool(Pool.Kind.SUM, 2, 2, null), List.of("square1")),
                new Node("conv2", new Conv2d(2, 2, 2, 2, 1, 0, 0, 0, 0, 1, 3, c2, new long[] {-40, 7}, ID),
                        List.of("pool1")),
                new Node("square2", new Square(ID), List.of("conv2")),
                new Node("pool2", new Pool(Pool.Kind.SUM, 2, 2, null), List.of("square2")),
                new Node("flatten", new Flatten(), List.of("pool2")),
                new Node("fc", new Linear(2, 3, 3, lw, new long[] {11, 0, -6}, ID), List.of("flatten")));
        return new QuantizedModel("pooled-bfv", new TensorShape(1, 9, 9), new ValueRange(2, false),
                InputQuantization.unitRange(2, 1), nodes);
    }

    private static long[][] images(QuantizedModel m, int count, long seed) {
        Random r = new Random(seed);
        long[][] x = new long[count][m.inputShape().size()];
        for (long[] image : x) {
            for (int i = 0; i < image.length; i++) {
                image[i] = r.nextInt(4);
            }
        }
        // One image at the top of the range everywhere: the largest values the network can see.
        java.util.Arrays.fill(x[0], 3);
        return x;
    }

    private static void assertEqualsEngine(BfvPlan plan, long[][] x) {
        IntegerEngine engine = new IntegerEngine(plan.model());
        try (BfvBatchInference run = new BfvBatchInference(plan, 2)) {
            BfvBatchInference.Report report = run.run(x);
            for (int j = 0; j < x.length; j++) {
                long[] expected = engine.run(x[j]);
                assertTrue(report.result().logitsEqual(j, expected), "image " + j + ": " + List.of(expected) + " vs "
                        + List.of(report.result().logits()[j]));
                assertEquals(IntegerEngine.argmax(expected), report.result().labels()[j]);
            }
            assertEquals(plan.predictedUploadBytes(), report.uploadBytes());
            // Seeded ciphertext: header 10 + form 1 + seed 16 + N coefficients of sum_i bits(q_i) bits, per input
            // position and channel.
            long bits = 0;
            for (int i = 0; i < plan.base().dataLevel(); i++) {
                bits += plan.base().dataBasis().modulus(i).bitLength();
            }
            long seeded = 10 + 1 + 16 + (plan.degree() * bits + 7) / 8;
            // The relinearisation key: a 10-byte header, per prime of Q a 16-byte seed and k0 over Q x P.
            long keyBits = bits + plan.base().context().basis().modulus(plan.base().dataLevel()).bitLength();
            long key = 10 + plan.base().dataLevel() * (16 + (plan.degree() * keyBits + 7) / 8);
            // The message header: magic 6, version 1, channels 1, ciphertexts per channel 4.
            assertEquals(12 + key + seeded * x[0].length * plan.primes().count(), report.uploadBytes());
            assertEquals(plan.predictedResultBytes(), report.resultBytes());
            assertEquals(12 + (10 + 2 + (2 * plan.degree() * bits + 7) / 8) * plan.outputs() * plan.primes().count(),
                    report.resultBytes());
            assertTrue(report.result().noiseBudget() >= plan.predictedBudget(), "noise budget "
                    + report.result().noiseBudget() + " below the model's " + plan.predictedBudget());
            System.out.println(plan.describe() + "\nmeasured noise budget " + report.result().noiseBudget()
                    + " bits, predicted " + plan.predictedBudget());
        }
    }

    @Test
    void onePrimeEqualsTheIntegerEngine() {
        QuantizedModel m = small();
        BfvPlan plan = BfvPlanner.plan(m);
        assertEquals(1, plan.primes().count());
        assertEquals(1, plan.depth());
        assertEqualsEngine(plan, images(m, 40, 1));
    }

    @Test
    void twoCrtPrimesEqualTheIntegerEngine() {
        QuantizedModel m = small();
        BfvPlan plan = BfvPlanner.plan(m, BfvPlanner.plan(m).neededBits(), 2);
        assertEquals(2, plan.primes().count());
        // Each prime alone is too narrow for the logits: only the recombination is exact.
        assertTrue(plan.primes().primes().get(0) < 1L << (plan.neededBits() + 1));
        assertEqualsEngine(plan, images(m, 25, 2));
    }

    /**
     * fc's biases at 2^80 (a QAT network's late biases, beyond a long): the logits against a BigInteger schoolbook
     * of the network, since the integer engine stops at 64 bits.
     */
    @Test
    void aBiasBeyond64BitsReachesTheLogitsExactly() {
        QuantizedModel m = small(new long[] {3, -1, 0}, 80);
        BfvPlan plan = BfvPlanner.plan(m);
        assertTrue(plan.neededBits() > 81, "needed bits " + plan.neededBits());
        long[][] x = images(m, 6, 4);
        Conv2d conv = (Conv2d) m.nodes().get(0).layer();
        Linear fc = (Linear) m.nodes().get(3).layer();
        try (BfvBatchInference run = new BfvBatchInference(plan, 2)) {
            BigInteger[][] logits = run.run(x).result().logits();
            for (int j = 0; j < x.length; j++) {
                long[] squares = new long[72];
                for (int c = 0; c < 2; c++) {
                    for (int oy = 0; oy < 6; oy++) {
                        for (int ox = 0; ox < 6; ox++) {
                            long acc = conv.bias()[c];
                            for (int i = 0; i < 3; i++) {
                                for (int k = 0; k < 3; k++) {
                                    acc += conv.weights()[(c * 3 + i) * 3 + k] * x[j][(oy + i) * 8 + ox + k];
                                }
                            }
                            squares[(c * 6 + oy) * 6 + ox] = acc * acc;
                        }
                    }
                }
                for (int o = 0; o < 3; o++) {
                    BigInteger expected = BigInteger.valueOf(fc.bias()[o]).shiftLeft(80);
                    for (int i = 0; i < 72; i++) {
                        expected = expected.add(BigInteger.valueOf(fc.weights()[o * 72 + i] * squares[i]));
                    }
                    assertEquals(expected, logits[j][o], "image " + j + ", logit " + o);
                }
            }
        }
    }

    @Test
    void pooledSquareBlocksEqualTheIntegerEngine() {
        QuantizedModel m = pooled();
        BfvPlan plan = BfvPlanner.plan(m);
        assertEquals(2, plan.depth());
        assertEqualsEngine(plan, images(m, 20, 3));
    }

    @Test
    void plannerPrefersOnePrimeAtTheSmallestNAndRefusesRequantizingModels() {
        BfvPlan mnist = BfvPlanner.plan(ModelZoo.build("hcnn-mnist-bfv", BitConfig.parse("W2A2")));
        assertEquals(2, mnist.depth());
        assertTrue(mnist.predictedBudget() >= org.hequant.he.bfv.BfvParameters.NOISE_MARGIN_BITS);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BfvPlanner.plan(ModelZoo.build("hcnn-mnist", BitConfig.parse("W4A4"))));
        assertTrue(e.getMessage().contains("node 'conv1'"), e.getMessage());
    }

    @Test
    void serverSideTypesNeverAcceptASecretKey() {
        for (Class<?> c : new Class<?>[] {BfvNetworkEvaluator.class, BfvPlan.class, BfvUpload.class, BfvResponse.class}) {
            for (Constructor<?> k : c.getConstructors()) {
                assertTrue(List.of(k.getParameterTypes()).stream().noneMatch(SecretKey.class::equals), k.toString());
            }
            for (Method m : c.getMethods()) {
                assertTrue(List.of(m.getParameterTypes()).stream().noneMatch(SecretKey.class::equals), m.toString());
                assertTrue(m.getReturnType() != SecretKey.class, m.toString());
            }
        }
    }
}
