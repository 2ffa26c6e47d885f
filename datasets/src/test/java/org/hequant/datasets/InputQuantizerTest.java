package org.hequant.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class InputQuantizerTest {

    @Test
    void roundsHalfAwayFromZero() {
        assertEquals(3, InputQuantizer.roundHalfAwayFromZero(2.5));
        assertEquals(-3, InputQuantizer.roundHalfAwayFromZero(-2.5));
        assertEquals(2, InputQuantizer.roundHalfAwayFromZero(2.4999));
        assertEquals(-2, InputQuantizer.roundHalfAwayFromZero(-2.4999));
        assertEquals(1, InputQuantizer.roundHalfAwayFromZero(0.5));
        assertEquals(0, InputQuantizer.roundHalfAwayFromZero(0.49999999999999994));
    }

    @Test
    void unsignedWithoutNormalizationMatchesHandComputation() {
        // scale 1/255, zero point 0, 8-bit unsigned: v / 255 goes back to v
        InputQuantizer q = new InputQuantizer(1 / 255.0, 0, 8, false);
        assertEquals(0, q.min());
        assertEquals(255, q.max());
        Image image = new Image(0, 1, 1, 4, new float[] {0f, 1 / 255f, 128 / 255f, 1f});
        assertArrayEquals(new long[] {0, 1, 128, 255}, q.quantize(image));
    }

    @Test
    void normalizesPerChannelThenClampsAtBothEnds() {
        // 2 channels of 1 x 3; channel 0: mean 0.5, std 0.25; channel 1: mean 0, std 0.5;
        // scale 0.125, zero point 1, 4-bit signed: range [-8, 7]. All values are exact in binary.
        InputQuantizer q = new InputQuantizer(0.125, 1, 4, true)
                .withNormalization(new float[] {0.5f, 0f}, new float[] {0.25f, 0.5f});
        assertEquals(-8, q.min());
        assertEquals(7, q.max());
        Image image = new Image(0, 2, 1, 3, new float[] {0f, 0.453125f, 0.546875f, 0.03125f, 0.1875f, 1f});
        long[] expected = {
            -8, //  (0 - .5) / .25 = -2        -> -16 + 1 = -15, clamped to -8
            -1, //  (.453125 - .5) / .25 = -.1875 -> -1.5 -> -2 (away from zero) + 1
            3,  //  (.546875 - .5) / .25 = .1875  -> 1.5 -> 2 + 1
            2,  //  .03125 / .5 = .0625 -> 0.5 -> 1 + 1
            4,  //  .1875 / .5 = .375 -> 3 + 1
            7,  //  1 / .5 = 2 -> 16 + 1 = 17, clamped to 7
        };
        assertArrayEquals(expected, q.quantize(image));
    }

    @Test
    void exactHalvesRoundAwayFromZeroOnBothSides() {
        InputQuantizer q = new InputQuantizer(0.5, 0, 8, true);
        assertEquals(3, q.quantize(1.25));   // 2.5 -> 3
        assertEquals(-3, q.quantize(-1.25)); // -2.5 -> -3
        assertEquals(127, q.quantize(1e9));
        assertEquals(-128, q.quantize(-1e9));
        InputQuantizer unsigned = new InputQuantizer(0.5, 10, 4, false);
        assertEquals(0, unsigned.quantize(-100));
        assertEquals(15, unsigned.quantize(100));
        assertEquals(7, unsigned.quantize(-1.25)); // -2.5 -> -3, + 10
    }

    @Test
    void rejectsBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new InputQuantizer(0, 0, 8, false));
        assertThrows(IllegalArgumentException.class, () -> new InputQuantizer(1, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new InputQuantizer(1, 256, 8, false));
        assertThrows(IllegalArgumentException.class, () -> new InputQuantizer(1, -129, 8, true));
        InputQuantizer q = new InputQuantizer(1, 0, 8, true);
        assertThrows(IllegalArgumentException.class,
                () -> q.withNormalization(new float[] {0}, new float[] {0}));
        InputQuantizer rgb = q.withNormalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});
        assertThrows(IllegalArgumentException.class, () -> rgb.quantize(new Image(0, 1, 1, 1, new float[1])));
    }
}
