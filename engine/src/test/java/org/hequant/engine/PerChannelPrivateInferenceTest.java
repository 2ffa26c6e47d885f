package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.InputQuantization;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.TensorShape;
import org.hequant.models.ir.ValueRange;
import org.hequant.models.onnx.OnnxImporter;
import org.hequant.protocols.linear.ConvPlanner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Per-channel requantization and asymmetric clamps (what imported ONNX models carry) run privately in the
 * exact modes with logits equal to the plaintext integer engine's, and the common-shift rewrite the private
 * run relies on rounds as each channel's own scale does (checked in BigInteger arithmetic).
 */
class PerChannelPrivateInferenceTest {
    /** conv (per channel, clamp [-3, 200]), fc (per channel, clamp [5, 100]), fc logits (per channel, signed 12 bits). */
    static QuantizedModel handBuilt(long seed) {
        Random r = new Random(seed);
        Requantization conv = Requantization.of(new long[] {1518500250, 1073741824, 2000000000, 1234567890},
                new int[] {34, 33, 35, 34}, -3, 200);
        Requantization fc1 = Requantization.of(new long[] {1100000000, 1900000000, 1300000000, 1073741824, 2100000000,
            1500000000}, new int[] {37, 38, 37, 36, 38, 39}, 5, 100);
        Requantization fc2 = Requantization.of(new long[] {1200000000, 1800000000, 1073741825, 1600000000, 1400000000},
                new int[] {30, 31, 29, 32, 30}, -2048, 2047);
        List<Node> nodes = List.of(
                new Node("conv", new Conv2d(3, 4, 3, 3, 1, 1, 1, 1, 1, 1, 4, PrivateInferenceTest.weights(r, 4 * 27, 4),
                        new long[] {40, -300, 7, 0}, conv), List.of(QuantizedModel.INPUT)),
                new Node("flat", new Flatten(), List.of("conv")),
                new Node("fc1", new Linear(144, 6, 4, PrivateInferenceTest.weights(r, 144 * 6, 4),
                        new long[] {1000, -2000, 0, 500, 30000, -700}, fc1), List.of("flat")),
                new Node("fc2", new Linear(6, 5, 4, PrivateInferenceTest.weights(r, 30, 4), new long[5], fc2),
                        List.of("fc1")));
        return new QuantizedModel("per-channel", new TensorShape(3, 6, 6), new ValueRange(8, false),
                InputQuantization.unitRange(8, 3), nodes);
    }

    private static long[] randomInput(QuantizedModel m, Random r) {
        long[] x = new long[m.inputShape().size()];
        long span = m.inputRange().max() - m.inputRange().min() + 1;
        for (int i = 0; i < x.length; i++) {
            x[i] = m.inputRange().min() + (long) (r.nextDouble() * span);
        }
        return x;
    }

    private static void assertPrivateEqualsPlaintext(QuantizedModel model, ProtocolMode mode, int samples, long seed) {
        InferencePlan planned = InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, mode);
        // run as the client receives it: the architecture's per-channel scales and clamps travel in the plan
        InferencePlan plan = PlanCodec.read(PlanCodec.write(planned));
        assertEquals(planned.predictedBytes(), plan.predictedBytes());
        Random r = new Random(seed);
        try (InProcessInference run = new InProcessInference(model, plan.withReveal(Reveal.LOGITS))) {
            for (int t = 0; t < samples; t++) {
                long[] x = randomInput(model, r);
                assertArrayEquals(new IntegerEngine(model).run(x), run.infer(x).logits(), model.name() + " sample " + t);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = ProtocolMode.class, names = {"QUANT", "HEQUANT"})
    void handBuiltModelMatchesThePlaintextEngine(ProtocolMode mode) {
        QuantizedModel model = handBuilt(5);
        // The clamps must bind on both sides somewhere, or the test would not exercise them.
        Random r = new Random(6);
        boolean low = false;
        boolean high = false;
        for (int t = 0; t < 20; t++) {
            long[] conv = new IntegerEngine(model).tensors(randomInput(model, r)).get("conv");
            for (long v : conv) {
                low |= v == -3;
                high |= v == 200;
            }
        }
        assertTrue(low && high, "the conv's clamp [-3, 200] binds on both sides");
        assertPrivateEqualsPlaintext(model, mode, 4, 7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"torch-eager-qat-perchannel", "torch-eager-qat-unfused", "torch-fx-qat", "ort-qdq-cnn-perchannel",
        "ort-qdq-residual"})
    void importedFixtureMatchesThePlaintextEngine(String fixture) throws Exception {
        assertPrivateEqualsPlaintext(fixture(fixture), ProtocolMode.HEQUANT, 2, 8);
    }

    /** A committed ONNX fixture of the models module, imported. */
    static QuantizedModel fixture(String name) throws java.io.IOException {
        Path file = Path.of("..", "models", "src", "test", "resources", "onnx", name + ".onnx");
        return OnnxImporter.fromBytes(name + ".onnx", Files.readAllBytes(file));
    }

    @Test
    void commonShiftRoundsAsEachChannelsOwnScale() {
        Random r = new Random(9);
        for (int t = 0; t < 2000; t++) {
            int channels = 1 + r.nextInt(4);
            long[] m = new long[channels];
            int[] s = new int[channels];
            for (int c = 0; c < channels; c++) {
                m[c] = 1 + r.nextInt(Integer.MAX_VALUE - 1);
                s[c] = r.nextInt(4) == 0 ? r.nextInt(3) : 20 + r.nextInt(12);
            }
            Requantization q = new Requantization(m[0], s[0], 62, false, m, s, Long.MIN_VALUE / 4, Long.MAX_VALUE / 4);
            int shift = q.commonShift();
            for (int c = 0; c < channels; c++) {
                long common = q.commonMultiplier(c);
                assertEquals(BigInteger.valueOf(m[c]).shiftLeft(shift - s[c]), BigInteger.valueOf(common));
                long acc = r.nextInt(1 << 20) - (1 << 19);
                BigInteger own = roundHalfUp(BigInteger.valueOf(acc).multiply(BigInteger.valueOf(m[c])), s[c]);
                BigInteger rewritten = roundHalfUp(BigInteger.valueOf(acc).multiply(BigInteger.valueOf(common)), shift);
                assertEquals(own, rewritten, "acc " + acc + ", m " + m[c] + ", s " + s[c] + ", common shift " + shift);
            }
        }
    }

    @Test
    void tiesRoundUpUnderTheCommonShift() {
        // m = 1, s = 3: acc = 4 is 0.5 exactly (rounds to 1), acc = -4 is -0.5 (rounds to 0); common shift 10.
        Requantization q = new Requantization(1, 3, 16, false, new long[] {1, 5}, new int[] {3, 10}, -100, 100);
        for (long acc : new long[] {4, -4, 12, -12, 3, -5}) {
            assertEquals(roundHalfUp(BigInteger.valueOf(acc), 3),
                    roundHalfUp(BigInteger.valueOf(acc).multiply(BigInteger.valueOf(q.commonMultiplier(0))), 10));
        }
    }

    /** floor(v / 2^s + 1/2), from the definition (no shifts of the code under test). */
    private static BigInteger roundHalfUp(BigInteger v, int s) {
        if (s == 0) {
            return v;
        }
        BigInteger twice = v.multiply(BigInteger.TWO).add(BigInteger.ONE.shiftLeft(s));
        BigInteger[] qr = twice.divideAndRemainder(BigInteger.ONE.shiftLeft(s + 1));
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }
}
