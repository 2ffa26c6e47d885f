package org.hequant.engine.bfv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Random;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.ValueRange;
import org.junit.jupiter.api.Test;

/** Single-image (rotation-based) BFV inference against the plaintext integer engine, logit for logit. */
class SingleImageInferenceTest {
    private static final Requantization ID = new Requantization(1, 0, 62, false);

    private static int[] weights(Random r, int count) {
        int[] w = new int[count];
        for (int i = 0; i < count; i++) {
            w[i] = r.nextInt(7) - 3;
        }
        return w;
    }

    /**
     * The HCNN's shape in small: 1x10x10 2-bit input, conv 3x3 stride 2 with padding 1 -> 3 channels of 5x5 (75
     * values: period 128), square, conv 3x3 over 3 channels -> 4 of 3x3 (36 outputs: a split product folded once),
     * square, linear 36 -> 5 (folded four times).
     */
    static QuantizedModel hcnnLike() {
        Random r = new Random(17);
        List<Node> nodes = List.of(
                new Node("conv1", new Conv2d(1, 3, 3, 3, 2, 1, 1, 1, 1, 1, 3, weights(r, 27),
                        new long[] {2, -1, 0}, ID), List.of("input")),
                new Node("square1", new Square(ID), List.of("conv1")),
                new Node("conv2", new Conv2d(3, 4, 3, 3, 1, 0, 0, 0, 0, 1, 3, weights(r, 4 * 27),
                        new long[] {5, 0, -7, 1}, ID), List.of("square1")),
                new Node("square2", new Square(ID), List.of("conv2")),
                new Node("flatten", new Flatten(), List.of("square2")),
                new Node("fc", new Linear(36, 5, 3, weights(r, 5 * 36), new long[] {100, -3, 0, 9, -50}, ID),
                        List.of("flatten")));
        return new QuantizedModel("hcnn-like-bfv", new TensorShape(1, 10, 10), new ValueRange(2, false),
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
        java.util.Arrays.fill(x[0], 3);
        return x;
    }

    private static void assertEqualsEngine(SingleImagePlan plan, long[][] x) {
        IntegerEngine engine = new IntegerEngine(plan.model());
        try (SingleImageInference run = new SingleImageInference(plan, 2)) {
            for (long[] image : x) {
                SingleImageInference.Report report = run.run(image);
                long[] expected = engine.run(image);
                assertTrue(report.result().logitsEqual(0, expected), List.of(expected) + " vs "
                        + List.of(report.result().logits()[0]));
                assertEquals(plan.predictedUploadBytes(), report.uploadBytes());
                assertEquals(plan.predictedResultBytes(), report.resultBytes());
                assertTrue(report.result().noiseBudget() >= plan.predictedBudget(), "noise budget "
                        + report.result().noiseBudget() + " below the model's " + plan.predictedBudget());
                System.out.println("measured noise budget " + report.result().noiseBudget() + " bits, predicted "
                        + plan.predictedBudget());
            }
        }
    }

    @Test
    void splitAndFoldedProductsEqualTheIntegerEngine() {
        QuantizedModel m = hcnnLike();
        long[][] x = images(m, 3, 1);
        // The width these images reach (plus a bit), as --bfv-widths observed plans: a smaller t and N than the
        // worst case, so the test stays fast; a value past it would wrap and show as a wrong logit.
        java.util.Map<String, Long> observed = new java.util.HashMap<>();
        for (long[] image : x) {
            new IntegerEngine(m).run(image, observed);
        }
        long largest = observed.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        SingleImagePlan plan = SingleImagePlan.plan(m, 64 - Long.numberOfLeadingZeros(largest) + 1, 0);
        plan.describe().forEach(System.out::println);
        SingleImageLayout layout = plan.layout();
        assertEquals(128, layout.period());
        assertEquals(9, layout.taps());
        assertTrue(layout.rowSwaps());
        // conv2: 36 outputs -> m' = 64, 32 diagonals per row, fold 64; fc: m' = 8, folds 64, 32, 16, 8.
        assertTrue(layout.rotationSteps().containsAll(List.of(8, 16, 32, 64)));
        assertEqualsEngine(plan, x);
    }

    @Test
    void twoCrtPrimesEqualTheIntegerEngine() {
        QuantizedModel m = BfvNetworkEvaluatorTest.small();
        SingleImagePlan plan = SingleImagePlan.plan(m, BfvPlanner.plan(m).neededBits(), 2);
        assertEquals(2, plan.parameters().primes().count());
        assertEqualsEngine(plan, images(m, 2, 2));
    }

    @Test
    void refusesAModelWithoutAFirstConvolution() {
        Random r = new Random(1);
        QuantizedModel m = new QuantizedModel("fc-only", new TensorShape(1, 4, 4), new ValueRange(2, false),
                InputQuantization.unitRange(2, 1), List.of(new Node("fc", new Linear(16, 2, 3, weights(r, 32),
                        new long[] {0, 0}, ID), List.of("input"))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SingleImagePlan.plan(m));
        assertTrue(e.getMessage().contains("first layer"), e.getMessage());
    }

    @Test
    void serverSideTypesNeverAcceptASecretKey() {
        for (Class<?> c : new Class<?>[] {SingleImageEvaluator.class, SingleImagePlan.class, SingleImageLayout.class}) {
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
