package org.hequant.protocols.nonlinear;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.hequant.protocols.channel.InMemoryChannel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.sharing.ShareRing;

/** Runs a protocol's server and client halves in two threads over an in-memory channel. */
final class TwoParty {
    final TrafficMeter meter = new TrafficMeter();
    private final Session server;
    private final Session client;

    /** Sets up Ferret in both directions (base OTs run concurrently, in matching order). */
    TwoParty() {
        InMemoryChannel[] ends = InMemoryChannel.pair(meter, Duration.ofSeconds(120));
        Object[] sessions = run2(
                () -> Session.open(Party.SERVER, ends[1]),
                () -> Session.open(Party.CLIENT, ends[0]));
        this.server = (Session) sessions[0];
        this.client = (Session) sessions[1];
    }

    private static Object[] run2(Callable<Object> first, Callable<Object> second) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Object> a = pool.submit(first);
            Future<Object> b = pool.submit(second);
            return new Object[] {a.get(), b.get()};
        } catch (Exception e) {
            throw new AssertionError("protocol failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** {server result, client result}. */
    <T> Object[] run(Function<Session, T> serverStep, Function<Session, T> clientStep) {
        return run2(() -> serverStep.apply(server), () -> clientStep.apply(client));
    }

    /** Runs the same step on both parties with their own shares. */
    long[] runShared(long[][] shares, java.util.function.BiFunction<Session, long[], long[]> step, int outBits) {
        Object[] r = run(s -> step.apply(s, shares[0]), s -> step.apply(s, shares[1]));
        return Ring.add((long[]) r[0], (long[]) r[1], outBits);
    }

    boolean[] runSharedBits(long[][] shares, java.util.function.BiFunction<Session, long[], boolean[]> step) {
        Object[] r = run(s -> step.apply(s, shares[0]), s -> step.apply(s, shares[1]));
        boolean[] a = (boolean[]) r[0];
        boolean[] b = (boolean[]) r[1];
        boolean[] out = new boolean[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] ^ b[i];
        }
        return out;
    }

    /** Random additive shares {server, client} of values mod 2^bits. */
    static long[][] share(long[] values, int bits, Random r) {
        long mask = ShareRing.mask(bits);
        long[] c = new long[values.length];
        long[] s = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            c[i] = r.nextLong() & mask;
            s[i] = (values[i] - c[i]) & mask;
        }
        return new long[][] {s, c};
    }

    /** Boundary values 0, +-1, +-2^(l-1) edges, then random values, all mod 2^bits. */
    static long[] interestingValues(int bits, int count, Random r) {
        long mask = ShareRing.mask(bits);
        long half = 1L << (bits - 1);
        long[] fixed = {0, 1, -1, half, half - 1, half + 1, -half + 1, 2, -2};
        long[] v = new long[count];
        for (int i = 0; i < count; i++) {
            v[i] = (i < fixed.length ? fixed[i] : r.nextLong()) & mask;
        }
        return v;
    }

    /** The signed reading of an l-bit value. */
    static long signed(long x, int bits) {
        return bits == 64 ? x : (x << (64 - bits)) >> (64 - bits);
    }
}
