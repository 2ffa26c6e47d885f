package org.hequant.he.sampling;

import java.security.SecureRandom;
import java.util.concurrent.Callable;

/**
 * Where every PRG seed comes from ({@link Prg#freshSeed()}): {@code SecureRandom}, except inside
 * {@link #reproducibly}, where the current thread draws its seeds from a given stream instead.
 *
 * <p>The reproducible mode exists for one caller: a batch evaluator that must recompute a lost or retried
 * task and obtain the very same transcript (keys, masks, OT choices) as the first attempt, so that a
 * result never depends on which attempt produced it. It is sound there because the evaluator plays both
 * parties itself and keeps no secret from anyone; a deployment, where the client's randomness must be
 * unpredictable to the server, never enters it.
 */
public final class SeedSource {
    private static final SecureRandom SYSTEM = new SecureRandom();
    private static final ThreadLocal<Prg> REPRODUCIBLE = new ThreadLocal<>();

    private SeedSource() {
    }

    /**
     * Runs {@code body} with every seed this thread draws taken from {@code stream}, in order. The stream
     * must be used by one thread at a time; the previous source is restored afterwards.
     */
    public static <T> T reproducibly(Prg stream, Callable<T> body) throws Exception {
        Prg previous = REPRODUCIBLE.get();
        REPRODUCIBLE.set(stream);
        try {
            return body.call();
        } finally {
            if (previous == null) {
                REPRODUCIBLE.remove();
            } else {
                REPRODUCIBLE.set(previous);
            }
        }
    }

    static void fill(byte[] seed) {
        Prg stream = REPRODUCIBLE.get();
        if (stream == null) {
            SYSTEM.nextBytes(seed);
            return;
        }
        for (int i = 0; i < seed.length; i += 8) {
            long word = stream.nextLong();
            for (int b = 0; b < 8 && i + b < seed.length; b++) {
                seed[i + b] = (byte) (word >>> (8 * b));
            }
        }
    }
}
