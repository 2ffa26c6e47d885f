package org.hequant.he.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.hequant.he.rlwe.KeyGenerator;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.wire.KeyCodec;
import org.junit.jupiter.api.Test;

class SeedSourceTest {
    private static final byte[] JOB_SEED = "sixteen byte key".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Test
    void reproducibleSeedsAreTheStreamsWordsInOrder() throws Exception {
        byte[][] drawn = SeedSource.withStream(new Prg(JOB_SEED),
                () -> new byte[][] {Prg.freshSeed(), Prg.freshSeed()});
        // Independently: the stream's first four 64-bit words, little-endian.
        Prg expected = new Prg(JOB_SEED);
        ByteBuffer words = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 4; i++) {
            words.putLong(expected.nextLong());
        }
        assertArrayEquals(Arrays.copyOfRange(words.array(), 0, 16), drawn[0]);
        assertArrayEquals(Arrays.copyOfRange(words.array(), 16, 32), drawn[1]);
    }

    @Test
    void sameStreamGivesTheSameKeysAndSystemEntropyReturnsAfterwards() throws Exception {
        RlweContext context = RlweContext.cheetah4096();
        byte[] first = SeedSource.withStream(new Prg(JOB_SEED), () -> publicKey(context));
        byte[] second = SeedSource.withStream(new Prg(JOB_SEED), () -> publicKey(context));
        assertArrayEquals(first, second);
        assertFalse(Arrays.equals(first, publicKey(context)), "outside the scope seeds come from SecureRandom again");
        assertFalse(Arrays.equals(Prg.freshSeed(), Prg.freshSeed()));
    }

    @Test
    void onlyTheEvaluatorsRunnerMayRunReproducibly() {
        IllegalCallerException e = assertThrows(IllegalCallerException.class,
                () -> SeedSource.reproducibly(new Prg(JOB_SEED), Prg::freshSeed));
        assertTrue(e.getMessage().startsWith(SeedSourceTest.class.getName() + " may not draw reproducible seeds"),
                e.getMessage());
        assertTrue(e.getMessage().contains("org.hequant.engine.InProcessInference"), e.getMessage());
    }

    private static byte[] publicKey(RlweContext context) {
        KeyGenerator keys = new KeyGenerator(context);
        return KeyCodec.writePublicKey(keys.publicKey(keys.secretKey()));
    }
}
