package org.hequant.models.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.hequant.models.bfv.IntegerWidths;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelFile;
import org.hequant.models.io.ModelFormatException;
import org.junit.jupiter.api.Test;

/** Biases stored as mantissas times 2^shift (format version 3): the engine, the width analysis and the file. */
class WideBiasTest {
    private static final Requantization ID = new Requantization(1, 0, 62, false);
    private static final int[] CONV_WEIGHTS = {1, -2, 3, 0, 1, 1, -1, 2, -3, 2, 2, -1, 0, 1, -2, 3, 1, 1};
    private static final int[] FC_WEIGHTS = {1, 2, -1, 3, 0, -2, 1, 1, -3, 1, 2, 0, 1, -1, 2, 3};

    /** 1x4x4 2-bit input, conv 3x3 -> 2 channels, square, flatten, linear 8 -> 2. */
    private static QuantizedModel model(long[] convBias, int convShift, long[] fcBias, int fcShift) {
        List<Node> nodes = List.of(
                new Node("conv1", new Conv2d(1, 2, 3, 3, 1, 0, 0, 0, 0, 1, 3, CONV_WEIGHTS, convBias, convShift, ID),
                        List.of("input")),
                new Node("square1", new Square(ID), List.of("conv1")),
                new Node("flatten", new Flatten(), List.of("square1")),
                new Node("fc", new Linear(8, 2, 3, FC_WEIGHTS, fcBias, fcShift, ID), List.of("flatten")));
        return new QuantizedModel("wide-bias", new TensorShape(1, 4, 4), new ValueRange(2, false),
                InputQuantization.unitRange(2, 1), nodes);
    }

    private static long[] image() {
        long[] x = new long[16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i * 7) % 4;
        }
        return x;
    }

    @Test
    void aShiftedBiasThatFitsRunsAsItsValue() {
        QuantizedModel shifted = model(new long[] {3, -5}, 4, new long[] {7, -1}, 10);
        QuantizedModel plain = model(new long[] {3 * 16, -5 * 16}, 0, new long[] {7 * 1024, -1024}, 0);
        assertArrayEquals(new IntegerEngine(plain).run(image()), new IntegerEngine(shifted).run(image()));
        assertEquals(shifted.accumulatorBits("fc"), plain.accumulatorBits("fc"));
    }

    @Test
    void aBiasBeyond64BitsIsAnOverflowForTheEngineAndExactForTheWidths() {
        QuantizedModel wide = model(new long[] {3, -5}, 0, new long[] {7, -1}, 70);
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> new IntegerEngine(wide).run(image()));
        assertTrue(e.getMessage().contains("node 'fc'") && e.getMessage().contains("exceeds 63 bits"), e.getMessage());
        assertEquals(64, wide.accumulatorBits("fc"), "the accumulator bound saturates at 64 bits");
        // With one bias on every row, the worst case is the bias-free network's shifted by it.
        QuantizedModel same = model(new long[] {3, -5}, 0, new long[] {7, 7}, 70);
        IntegerWidths.Interval free = IntegerWidths.worstCase(model(new long[] {3, -5}, 0, new long[] {0, 0}, 0))
                .get("fc");
        BigInteger b = BigInteger.valueOf(7).shiftLeft(70);
        assertEquals(new IntegerWidths.Interval(free.lo().add(b), free.hi().add(b)),
                IntegerWidths.worstCase(same).get("fc"));
    }

    @Test
    void residuesModTAreTheValueModT() {
        Linear fc = new Linear(1, 2, 3, new int[] {1, 1}, new long[] {-7, 5}, 90, ID);
        long t = 65537;
        BigInteger tt = BigInteger.valueOf(t);
        assertArrayEquals(new long[] {BigInteger.valueOf(-7).shiftLeft(90).mod(tt).longValueExact(),
            BigInteger.valueOf(5).shiftLeft(90).mod(tt).longValueExact()}, fc.biasResidues(t));
    }

    @Test
    void formatVersion3RoundTripsAndNarrowModelsStayVersion1() {
        QuantizedModel wide = model(new long[] {3, -5}, 4, new long[] {7, -1}, 70);
        byte[] bytes = ModelFile.toBytes(wide);
        assertEquals(3, bytes[6], "a model with a bias shift is written as version 3");
        QuantizedModel back = ModelFile.fromBytes("wide.hqm", bytes);
        Linear fc = (Linear) back.nodes().get(3).layer();
        assertEquals(70, fc.biasShift());
        assertEquals(BigInteger.valueOf(-1).shiftLeft(70), fc.biasValue(1));
        assertEquals(4, ((Conv2d) back.nodes().get(0).layer()).biasShift());
        assertArrayEquals(bytes, ModelFile.toBytes(back));
        assertEquals(1, ModelFile.toBytes(model(new long[] {3, -5}, 0, new long[] {7, -1}, 0))[6]);
    }

    @Test
    void aBiasShiftOutOfRangeIsRefusedNamingTheField() {
        byte[] bytes = ModelFile.toBytes(model(new long[] {3, -5}, 0, new long[] {7, -1}, 70));
        // The fc's shift byte is followed by its requantization: multiplier (8), shift, bits, relu, flags.
        int at = bytes.length - 13;
        assertEquals(70, bytes[at]);
        bytes[at] = (byte) 201;
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.fromBytes("bad.hqm", bytes));
        assertTrue(e.getMessage().contains("bad.hqm") && e.getMessage().contains("bias shift 201"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model(new long[] {3, -5}, -1, new long[] {7, -1}, 0));
    }
}
