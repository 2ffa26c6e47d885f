package org.hequant.protocols.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;

class ExactFloodingTest {
    @Test
    void floodIsFortyBitsAboveTheNoiseBound() {
        // One input of 4096 weights up to 2^7 on noise up to 21 + 1: 4096 * 128 * 22 = 11,534,336, plus the
        // encryption of zero 21 * (2 * 4096 + 1) = 172,053, plus 1: 11,706,390 < 2^24. Eight inputs: < 2^27.
        assertEquals(64, ExactFlooding.floodBits(LinearFixture.CONTEXT, 1, 7));
        assertEquals(67, ExactFlooding.floodBits(LinearFixture.CONTEXT, 8, 7));
    }

    @Test
    void roomIsWhatTheShrinkingAndSwitchLeave() {
        // q_0 ~ 2^60, t = 2^37: Delta_0 / 2 = 2^22 = 4,194,304; c0 drops 21 bits (error 2^20 = 1,048,576); c1 drops
        // 9 bits (7.4 * 2^8 * sqrt(4096 * 2/9) = 57,155); the switch 0.5 + 7.4 * sqrt(4096 * 2/36) = 112; 1 more.
        // Left: 3,088,460 = 2^21.56, times q_1 ~ 2^49: 2^70.56.
        assertEquals(70.56, ExactFlooding.roomBits(LinearFixture.CONTEXT, new ShareRing(37), 2), 0.01);
    }

    @Test
    void layoutsWithoutRoomAreRefusedNamingTheLayer() {
        HomFcLayout narrow = new HomFcLayout("fc", 512, 10, new ShareRing(24), 4096);
        assertTrue(ExactFlooding.fits(LinearFixture.CONTEXT, narrow, 7));
        HomFcLayout wide = new HomFcLayout("fc", 512, 10, new ShareRing(44), 4096);
        assertFalse(ExactFlooding.fits(LinearFixture.CONTEXT, wide, 7));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExactFlooding.checkedFloodBits(LinearFixture.CONTEXT, wide, 7));
        assertTrue(e.getMessage().startsWith("fc: exact re-sharing needs a flood of 65 bits"), e.getMessage());
        HomConvLayout onePrime = new ConvPlanner(LinearFixture.CONTEXT, new ShareRing(16)).plan("c1",
                ConvShape.of(2, 8, 8, 2, 3, 1, 1), ConvPlanner.Rule.CHEETAH, 1);
        assertFalse(ExactFlooding.fits(LinearFixture.CONTEXT, onePrime, 7));
        e = assertThrows(IllegalArgumentException.class,
                () -> ExactFlooding.checkedFloodBits(LinearFixture.CONTEXT, onePrime, 7));
        assertTrue(e.getMessage().contains("c1: exact re-sharing needs at least two primes"), e.getMessage());
    }

    @Test
    void weightsAboveTheDeclaredBoundAreRefused() {
        ShareRing ring = new ShareRing(20);
        HomFcLayout layout = new HomFcLayout("fc3", 16, 2, ring, 4096);
        long[] matrix = LinearFixture.weights(new Random(1), 32, ring, 7);
        matrix[5] = ring.reduce(-129);
        HomLinearServer server = new HomLinearServer(layout, new FcWeights(layout, matrix, new long[2]),
                LinearFixture.PUBLIC_KEY, null, ResharingMode.EXACT, 7);
        byte[] upload = new HomLinearClient(layout, LinearFixture.SECRET_KEY).upload(new long[16]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> server.respond(new long[16], upload));
        assertTrue(e.getMessage().contains("fc3: a weight of magnitude 129 exceeds the declared bound 2^7"),
                e.getMessage());
    }
}
