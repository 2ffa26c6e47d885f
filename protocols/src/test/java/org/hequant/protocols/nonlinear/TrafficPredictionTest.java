package org.hequant.protocols.nonlinear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TrafficMeter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cost functions against the channel: every protocol run for real over the in-memory channel, the bytes
 * each party sent metered (Ferret's extension, metered apart as preprocessing, excluded), and the prediction
 * must equal them to the byte, for several rings, sizes (some across OT chunk boundaries) and ranges.
 */
class TrafficPredictionTest {
    private static TwoParty parties;

    @BeforeAll
    static void open() {
        parties = new TwoParty();
    }

    @AfterAll
    static void close() {
        parties = null;
    }

    /** Runs the step on random shares and returns the metered {server, client} bytes of that run. */
    private static Traffic metered(int n, int bits, BiFunction<Session, long[], Object> step) {
        Random r = new Random(31L * n + bits);
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            // Small values, as the protocols' preconditions ask (differences and shifts must not overflow).
            values[i] = TwoParty.signed(r.nextLong(), Math.max(1, bits - 3));
        }
        long[][] shares = TwoParty.share(values, bits, r);
        TrafficMeter meter = parties.meter;
        long server = meter.bytesSentBy(Party.SERVER);
        long client = meter.bytesSentBy(Party.CLIENT);
        parties.run(s -> step.apply(s, shares[0]), s -> step.apply(s, shares[1]));
        return new Traffic(meter.bytesSentBy(Party.SERVER) - server, meter.bytesSentBy(Party.CLIENT) - client);
    }

    static Stream<Arguments> requantizations() {
        // {l, n, shift, min, max, l'}: fused [0, 2^b - 1] and signed b-bit ranges (clip binding or not, wider and
        // narrower output rings), the ReLU-first and general composed forms.
        long[][] cases = {
            {8, 1, 3, 0, 15, 5}, {8, 100, 3, 0, 15, 9}, {13, 77, 6, 0, 15, 13}, {20, 1000, 9, 0, 15, 22},
            {20, 333, 0, 0, 15, 20}, {37, 65, 20, 0, 255, 10}, {4, 9, 1, 0, 1, 6}, {12, 50, 11, 0, 1, 4},
            {9, 40, 7, 0, 15, 5}, {16, 123, 5, -8, 7, 16}, {24, 64, 10, -128, 127, 9}, {10, 31, 2, -8, 7, 12},
            {16, 100, 4, 0, 5, 16}, {16, 100, 4, 0, 5, 20}, {16, 90, 4, -3, 10, 16}, {14, 70, 3, -8, 7, 18},
            {20, 40000, 9, 0, 15, 20},
        };
        return Stream.of(cases).flatMap(c -> Stream.of(Truncation.Mode.EXACT, Truncation.Mode.APPROXIMATE)
                .filter(m -> m == Truncation.Mode.EXACT || c[1] < 1000)
                .map(m -> Arguments.of((int) c[0], (int) c[1], (int) c[2], c[3], c[4], (int) c[5], m)));
    }

    @ParameterizedTest
    @MethodSource("requantizations")
    void requantizationBytesAreThePredictedOnes(int bits, int n, int shift, long min, long max, int outBits,
            Truncation.Mode mode) {
        Traffic got = metered(n, bits,
                (s, x) -> SecureRequantization.requantize(s, "q", x, bits, 1, shift, min, max, outBits, mode));
        assertEquals(SecureRequantization.traffic(n, bits, shift, min, max, outBits, mode), got);
    }

    static Stream<Arguments> pools() {
        // {l, channels, height, width, size, stride}
        return Stream.of(new int[] {8, 3, 4, 4, 2, 2}, new int[] {20, 2, 7, 7, 3, 2}, new int[] {5, 1, 5, 5, 3, 1},
                new int[] {37, 4, 6, 6, 3, 3}, new int[] {16, 64, 32, 32, 2, 2}).map(c -> Arguments.of((Object) c));
    }

    @ParameterizedTest
    @MethodSource("pools")
    void maxPoolBytesAreThePredictedOnes(int[] c) {
        Pooling.Window w = new Pooling.Window(c[1], c[2], c[3], c[4], c[5]);
        int n = c[1] * c[2] * c[3];
        assertEquals(Pooling.maxPoolTraffic(c[0], w), metered(n, c[0], (s, x) -> Pooling.maxPool(s, "p", x, c[0], w)));
        assertEquals(CheetahMaxPool.traffic(c[0], w),
                metered(n, c[0], (s, x) -> CheetahMaxPool.maxPool(s, "p", x, c[0], w)));
    }

    @Test
    void cheetahRequantizationBytesAreThePredictedOnes() {
        // {l, n, shift, max, value bits}
        int[][] cases = {{37, 100, 12, 15, 30}, {20, 57, 0, 15, 12}, {16, 333, 5, 1, 13}, {24, 8, 9, 255, 20}};
        for (int[] c : cases) {
            assertEquals(CheetahRequantization.traffic(c[1], c[0], c[2], c[3], c[4]), metered(c[1], c[0],
                    (s, x) -> CheetahRequantization.requantize(s, "q", x, c[0], 1, c[2], c[3], c[4])), "case l = " + c[0]);
        }
    }

    @Test
    void reluExtensionSquareAndArgmaxBytesAreThePredictedOnes() {
        for (int bits : new int[] {1, 2, 7, 16, 33}) {
            assertEquals(Relu.traffic(75, bits), metered(75, bits, (s, x) -> Relu.relu(s, "r", x, bits)));
            assertEquals(Multiplication.squareTraffic(21, bits),
                    metered(21, bits, (s, x) -> Multiplication.square(s, x, bits)));
            for (Truncation.KnownSign sign : Truncation.KnownSign.values()) {
                assertEquals(BitWidth.extendTraffic(60, bits, bits + 5, true, sign),
                        metered(60, bits, (s, x) -> BitWidth.extend(s, "e", x, bits, bits + 5, true, sign)));
            }
        }
        for (int count : new int[] {1, 2, 10, 1000}) {
            assertEquals(ArgMax.traffic(count, 12), metered(count, 12, (s, x) -> ArgMax.argmax(s, "a", x, 12)),
                    count + " logits");
        }
    }
}
