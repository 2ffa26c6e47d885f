package org.hequant.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.hequant.engine.bfv.BfvPlan;
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

/**
 * The driver's comparison when the network outgrows the plaintext engine's longs: the labels still come from the
 * CRT-recombined residues, and the comparison is reported as refused rather than failing the evaluation.
 */
class BfvReferenceTest {
    private static final Requantization ID = new Requantization(1, 0, 62, false);

    @Test
    void logitsBeyondALongKeepTheirLabelsAndTheComparisonIsRefused() {
        // One 8-bit pixel x times 2^29 and -2^30, squared: up to (255 * 2^30)^2 ~ 2^76, beyond a long.
        long w0 = 1L << 29;
        long w1 = -(1L << 30);
        List<Node> nodes = List.of(
                new Node("fc", new Linear(1, 2, 31, new int[] {(int) w0, (int) w1}, new long[2], ID),
                        List.of("input")),
                new Node("square", new Square(ID), List.of("fc")),
                new Node("flatten", new Flatten(), List.of("square")));
        QuantizedModel m = new QuantizedModel("wide-bfv", new TensorShape(1, 1, 1), new ValueRange(8, false),
                InputQuantization.unitRange(8, 1), nodes);
        BfvPlan plan = BfvEvaluateJob.plan(m, 0, 0);
        assertTrue(plan.primes().count() > 1, "a 77-bit width needs several primes: " + plan.primes().primes());
        long[][] images = {{255}, {3}};
        // What the channels would decrypt: each logit (x w)^2, computed here in BigInteger, mod each prime.
        List<BfvChannelResult> channels = new ArrayList<>();
        for (int c = 0; c < plan.primes().count(); c++) {
            BigInteger t = BigInteger.valueOf(plan.primes().primes().get(c));
            long[][] residues = new long[2][images.length];
            for (int j = 0; j < images.length; j++) {
                long[] w = {w0, w1};
                for (int k = 0; k < 2; k++) {
                    residues[k][j] = BigInteger.valueOf(images[j][0] * w[k]).pow(2).mod(t).longValueExact();
                }
            }
            channels.add(new BfvChannelResult(0, c, residues, 20, 100, 10, 0, 0, 0, 0, 1_000_000, 1_000_000));
        }
        BfvReference reference = new BfvReference(plan);
        List<ImageResult> rows = reference.compare(0, 0, new int[] {1, 0}, images, channels);
        assertEquals(1, rows.get(0).privatePrediction(), "|w1| > |w0|: logit 1 is the larger square");
        assertEquals(1, rows.get(1).privatePrediction());
        assertEquals(-1, rows.get(0).plainPrediction());
        assertTrue(reference.refused() != null && reference.refused().contains("wide-bfv"), reference.refused());
        assertNull(reference.observedBits());
        assertEquals(0, reference.exact());
        assertEquals(20, reference.budget());
        assertEquals(100 * plan.primes().count() / 2, rows.get(0).bytesClientToServer());
    }
}
