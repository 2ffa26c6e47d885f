package org.hequant.he.sampling;

import java.security.SecureRandom;
import java.util.concurrent.Callable;

/**
 * Where every PRG seed comes from ({@link Prg#freshSeed()}): {@code SecureRandom}, except inside
 * {@link #reproducibly}, where the current thread draws its seeds from a given stream instead.
 *
 * <p>The reproducible mode exists for one caller: the in-process runner of the batch evaluator, which must
 * recompute a lost or retried task and obtain the very same transcript (keys, masks, OT choices) as the first
 * attempt, so that a result never depends on which attempt produced it. It is sound there because the
 * evaluator plays both parties itself and keeps no secret from anyone. A deployment, where the client's
 * randomness must be unpredictable to the server (the TCP serve and infer), must never enter it, so the entry
 * refuses every other caller: Java cannot limit a public method to one class of another package, and without
 * modules this check is what keeps the capability out of reach of code written later.
 */
public final class SeedSource {
    /** The one class allowed to run reproducibly (named, since this module cannot depend on the engine). */
    static final String EVALUATOR_RUNNER = "org.hequant.engine.InProcessInference";
    private static final SecureRandom SYSTEM = new SecureRandom();
    private static final ThreadLocal<Prg> REPRODUCIBLE = new ThreadLocal<>();
    private static final StackWalker CALLERS = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private SeedSource() {
    }

    /**
     * Runs {@code body} with every seed this thread draws taken from {@code stream}, in order. The stream
     * must be used by one thread at a time; the previous source is restored afterwards. Only the evaluator's
     * in-process runner may call it; any other caller gets an {@link IllegalCallerException}.
     */
    public static <T> T reproducibly(Prg stream, Callable<T> body) throws Exception {
        Class<?> caller = CALLERS.getCallerClass();
        if (!caller.getName().equals(EVALUATOR_RUNNER)) {
            throw new IllegalCallerException(caller.getName() + " may not draw reproducible seeds: only "
                    + EVALUATOR_RUNNER + " does, for the evaluator; every other run draws from SecureRandom");
        }
        return withStream(stream, body);
    }

    /** {@link #reproducibly} without the caller check, for this package's tests of the stream itself. */
    static <T> T withStream(Prg stream, Callable<T> body) throws Exception {
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
