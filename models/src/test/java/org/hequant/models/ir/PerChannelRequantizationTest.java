package org.hequant.models.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelFile;
import org.junit.jupiter.api.Test;

/**
 * Per-output-channel requantization and asymmetric clamps (imported ONNX zero points) in the IR, the
 * integer engine and the model format; checked against hand-computed values and a schoolbook loop with
 * exact rational rounding.
 */
class PerChannelRequantizationTest {
    /** round(acc · m / 2^s) half up, as floor((2·acc·m + 2^s) / 2^(s+1)) in exact integers, then clamped. */
    private static long reference(long acc, long m, int s, long min, long max) {
        BigInteger num = BigInteger.valueOf(acc).multiply(BigInteger.valueOf(2 * m)).add(BigInteger.ONE.shiftLeft(s));
        BigInteger[] qr = num.divideAndRemainder(BigInteger.ONE.shiftLeft(s + 1));
        BigInteger floor = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        return Math.max(min, Math.min(max, floor.max(BigInteger.valueOf(min)).min(BigInteger.valueOf(max)).longValueExact()));
    }

    @Test
    void handComputedValues() {
        Requantization r = Requantization.of(new long[] {3, 5}, new int[] {1, 2}, -3, 4);
        assertTrue(r.perChannel());
        // channel 0: 5·3/2 = 7.5 -> 8 -> clamped 4; -1·3/2 = -1.5 -> -1 (half up); -3·3/2 = -4.5 -> -4 -> -3
        assertEquals(4, r.apply(5, 0));
        assertEquals(-1, r.apply(-1, 0));
        assertEquals(-3, r.apply(-3, 0));
        // channel 1: 2·5/4 = 2.5 -> 3; -2·5/4 = -2.5 -> -2
        assertEquals(3, r.apply(2, 1));
        assertEquals(-2, r.apply(-2, 1));
        assertEquals(new ValueRange(4, true), r.output());
        assertThrows(IllegalStateException.class, () -> r.apply(1));
    }

    @Test
    void containingTypes() {
        assertEquals(new ValueRange(9, true), Requantization.containing(-131, 124));
        assertEquals(new ValueRange(8, true), Requantization.containing(-128, 127));
        assertEquals(new ValueRange(7, false), Requantization.containing(0, 124));
        assertEquals(new ValueRange(9, true), Requantization.containing(-200, -73));
        assertEquals(new ValueRange(1, true), Requantization.containing(-1, -1));
        Requantization same = Requantization.of(new long[] {7, 7}, new int[] {3, 3}, 0, 255);
        assertFalse(same.perChannel(), "equal scales are one per-tensor requantization");
        assertTrue(same.perTensorFullRange());
    }

    @Test
    void clampOutsideItsTypeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Requantization(1, 0, 8, true, null, null, -1, 255));
        assertThrows(IllegalArgumentException.class, () -> new Requantization(3, 1, 8, true, new long[] {3, 5}, new int[] {1},
                0, 255));
    }

    /** conv 3x3, pad 1, 3 -> 4 channels, per-channel scales, clamp [-20, 99]; weights scaled by {@code weightScale}. */
    static QuantizedModel conv(Random rnd, int weightScale) {
        int[] w = new int[4 * 3 * 9];
        for (int i = 0; i < w.length; i++) {
            w[i] = (rnd.nextInt(255) - 127) * weightScale;
        }
        long[] b = {rnd.nextInt(2000) - 1000, rnd.nextInt(2000) - 1000, 0, 77};
        long[] m = {1, 1234567, 987654321, 3};
        int[] s = {7, 29, 38, 9};
        for (int c = 0; c < 4; c++) {
            s[c] += 31 - Integer.numberOfLeadingZeros(weightScale);
        }
        Requantization r = Requantization.of(m, s, -20, 99);
        Conv2d layer = new Conv2d(3, 4, 3, 3, 1, 1, 1, 1, 1, 1, 8 + 31 - Integer.numberOfLeadingZeros(weightScale) + 1, w, b, r);
        long[] lm = {5, 9, 5};
        int[] ls = {12, 13, 12};
        int[] lw = new int[3 * 4 * 5 * 5];
        for (int i = 0; i < lw.length; i++) {
            lw[i] = rnd.nextInt(15) - 7;
        }
        Linear fc = new Linear(4 * 5 * 5, 3, 4, lw, new long[] {1, -2, 3}, Requantization.of(lm, ls, -128, 127));
        return new QuantizedModel("pc", new TensorShape(3, 5, 5), new ValueRange(8, false), InputQuantization.unitRange(8, 3),
                List.of(new Node("conv", layer, List.of(QuantizedModel.INPUT)), new Node("fc", fc, List.of("conv"))));
    }

    /** Schoolbook conv + linear with the reference rounding. */
    static long[] naive(QuantizedModel model, long[] x) {
        Conv2d c = (Conv2d) model.nodes().get(0).layer();
        long[] mid = new long[4 * 25];
        for (int o = 0; o < 4; o++) {
            for (int y = 0; y < 5; y++) {
                for (int xx = 0; xx < 5; xx++) {
                    long acc = c.bias()[o];
                    for (int i = 0; i < 3; i++) {
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int iy = y + ky - 1;
                                int ix = xx + kx - 1;
                                if (iy >= 0 && iy < 5 && ix >= 0 && ix < 5) {
                                    acc += (long) c.weights()[((o * 3 + i) * 3 + ky) * 3 + kx] * x[(i * 5 + iy) * 5 + ix];
                                }
                            }
                        }
                    }
                    Requantization r = c.requant();
                    mid[(o * 5 + y) * 5 + xx] = reference(acc, r.channelMultipliers()[o], r.channelShifts()[o], r.min(), r.max());
                }
            }
        }
        Linear l = (Linear) model.nodes().get(1).layer();
        long[] out = new long[3];
        for (int o = 0; o < 3; o++) {
            long acc = l.bias()[o];
            for (int i = 0; i < 100; i++) {
                acc += (long) l.weights()[o * 100 + i] * mid[i];
            }
            out[o] = reference(acc, l.requant().channelMultipliers()[o], l.requant().channelShifts()[o], -128, 127);
        }
        return out;
    }

    /** Narrow weights take the engine's int kernel, weights of 2^24 its long kernel. */
    @Test
    void engineMatchesSchoolbookBothKernels() {
        for (int weightScale : new int[] {1, 1 << 16}) {
            Random rnd = new Random(3);
            QuantizedModel m = conv(rnd, weightScale);
            IntegerEngine e = new IntegerEngine(m);
            for (int t = 0; t < 20; t++) {
                long[] x = new long[75];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rnd.nextInt(256);
                }
                assertArrayEquals(naive(m, x), e.run(x), "weights x" + weightScale + ", input " + t);
            }
        }
    }

    @Test
    void formatVersion2RoundTrips() {
        QuantizedModel m = conv(new Random(5), 1);
        byte[] bytes = ModelFile.toBytes(m);
        assertEquals(2, bytes[6], "per-channel models are written as version 2");
        QuantizedModel back = ModelFile.fromBytes("pc.hqm", bytes);
        assertEquals(((Conv2d) m.nodes().get(0).layer()).requant(), ((Conv2d) back.nodes().get(0).layer()).requant());
        assertArrayEquals(bytes, ModelFile.toBytes(back));
        long[] x = new long[75];
        java.util.Arrays.fill(x, 200);
        assertArrayEquals(new IntegerEngine(m).run(x), new IntegerEngine(back).run(x));
    }

    /** The committed demo models (version 1) read and write back byte for byte. */
    @Test
    void demoModelsStayVersion1BitIdentical() throws IOException {
        Path demo = Path.of("..", "models", "demo");
        List<Path> files;
        try (Stream<Path> s = Files.walk(demo)) {
            files = s.filter(p -> p.toString().endsWith(".hqm")).toList();
        }
        assertFalse(files.isEmpty());
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            assertEquals(1, bytes[6], f + " version");
            assertArrayEquals(bytes, ModelFile.toBytes(ModelFile.read(f)), f.toString());
        }
    }
}
