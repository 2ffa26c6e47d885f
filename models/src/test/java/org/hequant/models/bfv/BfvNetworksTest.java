package org.hequant.models.bfv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.hequant.models.bfv.IntegerWidths.Interval;
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

/** The BFV conventions on the model side: the evaluability check, the width analysis, the engine's overflow refusal. */
class BfvNetworksTest {
    private static final Requantization ID = new Requantization(1, 0, 62, false);

    /** 1x3x3 input 0..3, conv 2x2 -> 2 channels (with bias), square, 2x2 sum pool, flatten, linear 2 -> 2. */
    static QuantizedModel tiny(Requantization convRequant) {
        Random r = new Random(7);
        int[] cw = new int[2 * 4];
        for (int i = 0; i < cw.length; i++) {
            cw[i] = r.nextInt(15) - 7;
        }
        List<Node> nodes = List.of(
                new Node("conv1", new Conv2d(1, 2, 2, 2, 1, 0, 0, 0, 0, 1, 4, cw, new long[] {5, -3}, convRequant),
                        List.of("input")),
                new Node("square1", new Square(ID), List.of("conv1")),
                new Node("pool1", new Pool(Pool.Kind.SUM, 2, 2, null), List.of("square1")),
                new Node("flatten", new Flatten(), List.of("pool1")),
                new Node("fc", new Linear(2, 2, 4, new int[] {3, -7, -2, 5}, new long[] {11, 0}, ID),
                        List.of("flatten")));
        return new QuantizedModel("tiny", new TensorShape(1, 3, 3), new ValueRange(2, false),
                InputQuantization.unitRange(2, 1), nodes);
    }

    @Test
    void widthAnalysisBoundsEveryInputAndIsTightWhereItMustBe() {
        QuantizedModel m = tiny(ID);
        Map<String, Interval> worst = IntegerWidths.worstCase(m);
        // Brute force: all 4^9 inputs through the plaintext engine.
        Map<String, Long> seen = new HashMap<>();
        IntegerEngine engine = new IntegerEngine(m);
        long[] x = new long[9];
        for (int code = 0; code < 1 << 18; code++) {
            for (int i = 0; i < 9; i++) {
                x[i] = (code >> (2 * i)) & 3;
            }
            engine.run(x, seen);
        }
        for (Node n : m.nodes()) {
            BigInteger bound = worst.get(n.name()).maxAbs();
            assertTrue(bound.compareTo(BigInteger.valueOf(seen.get(n.name()))) >= 0, n.name() + ": " + bound + " < "
                    + seen.get(n.name()));
        }
        // Each output of the first layer reads its own four inputs, so its extremes (and their squares) are reached.
        assertEquals(BigInteger.valueOf(seen.get("conv1")), worst.get("conv1").maxAbs());
        assertEquals(BigInteger.valueOf(seen.get("square1")), worst.get("square1").maxAbs());
        assertEquals(IntegerWidths.neededBits(worst), worst.get("fc").magnitudeBits());
    }

    @Test
    void worstCaseOfTheFirstLayerIsTheHandComputedOne() {
        // Filter 0 of tiny(): bias 5, max = 5 + 3 * (sum of positive weights), min = 5 - 3 * (sum of negative ones).
        QuantizedModel m = tiny(ID);
        int[] w = ((Conv2d) m.nodes().get(0).layer()).weights();
        long hi = Long.MIN_VALUE;
        long lo = Long.MAX_VALUE;
        for (int f = 0; f < 2; f++) {
            long p = 0;
            long q = 0;
            for (int k = 0; k < 4; k++) {
                p += Math.max(0, w[f * 4 + k]);
                q += Math.max(0, -w[f * 4 + k]);
            }
            long b = f == 0 ? 5 : -3;
            hi = Math.max(hi, b + 3 * p);
            lo = Math.min(lo, b - 3 * q);
        }
        assertEquals(Interval.of(lo, hi), IntegerWidths.worstCase(m).get("conv1"));
    }

    @Test
    void checkerRefusesRequantizingModelsNamingTheNode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BfvEvaluability.require(tiny(Requantization.shift(3, 8, false))));
        assertTrue(e.getMessage().contains("node 'conv1': requantization shift 3: BFV cannot rescale"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BfvEvaluability.require(tiny(new Requantization(1, 0, 8, true))));
        assertTrue(e.getMessage().contains("node 'conv1'") && e.getMessage().contains("ReLU"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BfvEvaluability.require(ModelZoo.build("hcnn-mnist", BitConfig.parse("W4A4"))));
        assertTrue(e.getMessage().contains("node 'conv1'") && e.getMessage().contains("cannot rescale"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BfvEvaluability.require(ModelZoo.build("minionn", BitConfig.parse("W4A4"))));
        assertTrue(e.getMessage().contains("node 'conv1'"), e.getMessage());
        BfvEvaluability.require(tiny(ID));
    }

    @Test
    void zooBfvNetworksAreEvaluableAndDeclareTheirWorstCase() {
        for (String name : List.of("hcnn-mnist-bfv", "hcnn-cifar-bfv")) {
            QuantizedModel m = ModelZoo.build(name, BitConfig.parse("W4A4"));
            assertTrue(BfvEvaluability.isEvaluable(m), name);
            Map<String, Interval> worst = IntegerWidths.worstCase(m);
            for (Node n : m.nodes()) {
                int bits = worst.get(n.name()).magnitudeBits();
                if (bits < 62) {
                    assertTrue(m.tensor(n.name()).range().maxAbs() >= worst.get(n.name()).maxAbs().longValueExact(),
                            name + " " + n.name());
                }
            }
        }
        QuantizedModel mnist = ModelZoo.build("hcnn-mnist-bfv", BitConfig.parse("W3A3"));
        assertEquals(2, mnist.inputRange().bits());
        assertFalse(mnist.inputRange().signed());
        // CIFAR's worst case exceeds a long by far (Badawi's ~219 bits).
        assertTrue(IntegerWidths.neededBits(IntegerWidths.worstCase(ModelZoo.build("hcnn-cifar-bfv",
                BitConfig.parse("W8A8")))) > 100);
    }

    @Test
    void engineRefusesToWrapNamingTheNode() {
        // 30-bit inputs: the first square reaches 60 bits, the second would need 120.
        List<Node> nodes = List.of(new Node("square1", new Square(ID), List.of("input")),
                new Node("square2", new Square(ID), List.of("square1")));
        QuantizedModel m = new QuantizedModel("wide", new TensorShape(1, 1, 2), new ValueRange(30, false),
                InputQuantization.unitRange(2, 1), nodes);
        IntegerEngine engine = new IntegerEngine(m);
        assertEquals(81, engine.run(new long[] {3, 1})[0]);
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> engine.run(new long[] {(1L << 30) - 1, 1}));
        assertTrue(e.getMessage().contains("node 'square2'"), e.getMessage());
        // The batch path runs images on other threads; the error must keep its message there too.
        long[][] batch = new long[64][];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = new long[] {i == 37 ? (1L << 30) - 1 : i, 1};
        }
        e = assertThrows(ArithmeticException.class, () -> engine.classify(batch, new HashMap<>()));
        assertTrue(e.getMessage() != null && e.getMessage().contains("node 'square2'"), String.valueOf(e.getMessage()));
        e = assertThrows(ArithmeticException.class, () -> engine.classify(batch));
        assertTrue(e.getMessage() != null && e.getMessage().contains("node 'square2'"), String.valueOf(e.getMessage()));
    }

    @Test
    void wideConvIsExactAndRefusesToWrap() {
        // 60-bit inputs, 3x3 weights +-7: the worst case needs 63+ bits, so the conv is overflow-checked.
        Random r = new Random(3);
        int[] w = new int[9];
        for (int i = 0; i < 9; i++) {
            w[i] = r.nextInt(15) - 7;
        }
        w[4] = 7;
        List<Node> nodes = List.of(new Node("conv", new Conv2d(1, 1, 3, 3, 1, 1, 1, 1, 1, 1, 4, w, new long[] {2}, ID),
                List.of("input")));
        QuantizedModel m = new QuantizedModel("wideconv", new TensorShape(1, 3, 3), new ValueRange(60, false),
                InputQuantization.unitRange(2, 1), nodes);
        IntegerEngine engine = new IntegerEngine(m);
        long[] x = new long[9];
        for (int i = 0; i < 9; i++) {
            x[i] = r.nextInt(1 << 20);
        }
        long[] y = engine.run(x);
        // Schoolbook: zero padding 1, stride 1.
        for (int oy = 0; oy < 3; oy++) {
            for (int ox = 0; ox < 3; ox++) {
                long s = 2;
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        int iy = oy + i - 1;
                        int ix = ox + j - 1;
                        if (iy >= 0 && iy < 3 && ix >= 0 && ix < 3) {
                            s += w[i * 3 + j] * x[iy * 3 + ix];
                        }
                    }
                }
                assertEquals(s, y[oy * 3 + ox]);
            }
        }
        long[] big = new long[9];
        java.util.Arrays.fill(big, (1L << 60) - 1);
        big[4] = (1L << 60) - 1;
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> engine.run(big));
        assertTrue(e.getMessage().contains("node 'conv'"), e.getMessage());
    }
}
