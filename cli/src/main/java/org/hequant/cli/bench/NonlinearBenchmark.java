package org.hequant.cli.bench;

import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.hequant.protocols.channel.InMemoryChannel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.nonlinear.ArgMax;
import org.hequant.protocols.nonlinear.CheetahMaxPool;
import org.hequant.protocols.nonlinear.CheetahRelu;
import org.hequant.protocols.nonlinear.CheetahRequantization;
import org.hequant.protocols.nonlinear.CheetahTruncation;
import org.hequant.protocols.nonlinear.Pooling;
import org.hequant.protocols.nonlinear.Relu;
import org.hequant.protocols.nonlinear.SecureRequantization;
import org.hequant.protocols.nonlinear.Session;
import org.hequant.protocols.nonlinear.Truncation;
import org.hequant.protocols.sharing.ShareRing;

/**
 * Runs one nonlinear protocol between two threads (one per party) over an in-memory channel with IKNP
 * OT in both directions, after the one-time OT setup, and reports its traffic, rounds, wall time and
 * the error of the reconstruction against the plaintext function. The cheetah ops are the {@code cheetah} mode's:
 * OpenCheetah's ReLU then truncation ({@code cheetahrelu}), the requantization with the clip a quantized network
 * adds ({@code cheetahrequant}, clipped at 2^(l/8) - 1), and the max-pool, on values of the given signed width
 * shifted by the given bits.
 */
public final class NonlinearBenchmark {
    public enum Op {
        relu, trunc, requant, maxpool, argmax, cheetahrelu, cheetahrequant, cheetahmaxpool
    }

    private final Random random = new Random(11);

    /**
     * One run's figures: bytes both ways, bits per element and round trips of the protocol (set-up left out),
     * its wall milliseconds, and the largest distance of the reconstructed output from the plaintext result.
     */
    public record Result(String op, int bits, int n, long bytesTotal, double bitsPerElement, long rounds, double ms,
            long maxAbsError) {
    }

    /**
     * The op on n random shared values; the cheetah ReLU and requantization ops take values of {@code valueBits}
     * signed bits, and the cheetah truncations shift by {@code shift}.
     */
    public Result run(Op op, int bits, int n, int shift, int valueBits) {
        long mask = ShareRing.mask(bits);
        boolean narrow = op == Op.cheetahrelu || op == Op.cheetahrequant;
        // Values in [-2^(l-2), 2^(l-2)): the input range of max-pooling and argmax.
        long[] x = new long[n];
        for (int i = 0; i < n; i++) {
            x[i] = (random.nextLong() >> (narrow ? 64 - valueBits + 1 : 65 - bits)) & mask;
        }
        long[] clientShare = new long[n];
        long[] serverShare = new long[n];
        for (int i = 0; i < n; i++) {
            clientShare[i] = random.nextLong() & mask;
            serverShare[i] = (x[i] - clientShare[i]) & mask;
        }
        TrafficMeter meter = new TrafficMeter();
        InMemoryChannel[] ends = InMemoryChannel.pair(meter, Duration.ofMinutes(30));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Session> serverSetup = pool.submit(() -> Session.open(Party.SERVER, ends[1]));
            Future<Session> clientSetup = pool.submit(() -> Session.open(Party.CLIENT, ends[0]));
            Session server = serverSetup.get();
            Session client = clientSetup.get();
            long bytesBefore = meter.allBytes();
            long flightsBefore = meter.flights();
            long start = System.nanoTime();
            Future<Object> s = pool.submit(() -> step(op, bits, shift, valueBits).apply(new Object[] {server, serverShare}));
            Future<Object> c = pool.submit(() -> step(op, bits, shift, valueBits).apply(new Object[] {client, clientShare}));
            Object sr = s.get();
            Object cr = c.get();
            double ms = (System.nanoTime() - start) / 1e6;
            long bytes = meter.allBytes() - bytesBefore;
            return new Result(op.name(), bits, n, bytes, Math.round(bytes * 8.0 / n * 10) / 10.0,
                    (meter.flights() - flightsBefore + 1) / 2, Math.round(ms * 10) / 10.0,
                    error(op, bits, shift, x, sr, cr));
        } catch (Exception e) {
            throw new IllegalStateException("nonlinear benchmark failed: " + e.getMessage(), e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Function<Object[], Object> step(Op op, int bits, int shift, int valueBits) {
        return a -> {
            Session s = (Session) a[0];
            long[] share = (long[]) a[1];
            switch (op) {
                case relu:
                    return Relu.relu(s, "relu", share, bits);
                case trunc:
                    return Truncation.shiftRight(s, "trunc", share, bits, bits / 2, Truncation.Mode.EXACT,
                            Truncation.KnownSign.UNKNOWN);
                case requant:
                    return SecureRequantization.requantize(s, "requant", share, bits, bits / 4, bits,
                            Math.max(1, bits / 4), Truncation.Mode.EXACT);
                case maxpool:
                    return Pooling.maxPool(s, "maxpool", share, bits, new Pooling.Window(1, 2, share.length / 2, 2, 2));
                case cheetahrelu:
                    return CheetahTruncation.shiftRightNonNegative(s,
                            CheetahRelu.relu(s, "relu", share, bits, shift, valueBits), bits, shift);
                case cheetahrequant:
                    return CheetahRequantization.requantize(s, "requant", share, bits, 1, shift, cheetahMax(bits),
                            valueBits);
                case cheetahmaxpool:
                    return CheetahMaxPool.maxPool(s, "maxpool", share, bits,
                            new Pooling.Window(1, 2, share.length / 2, 2, 2));
                default:
                    return ArgMax.argmax(s, "argmax", share, bits);
            }
        };
    }

    private static long cheetahMax(int bits) {
        return (1L << Math.max(1, bits / 8)) - 1;
    }

    private static long signed(long v, int bits) {
        return bits == 64 ? v : (v << (64 - bits)) >> (64 - bits);
    }

    /** Largest |reconstructed - f(x)| over the outputs, read as signed ring elements. */
    private static long error(Op op, int bits, int shift, long[] x, Object serverOut, Object clientOut) {
        long mask = ShareRing.mask(bits);
        if (op == Op.argmax) {
            int best = 0;
            for (int i = 1; i < x.length; i++) {
                if (signed(x[i], bits) > signed(x[best], bits)) {
                    best = i;
                }
            }
            return Math.abs((Integer) clientOut - best);
        }
        long[] s = (long[]) serverOut;
        long[] c = (long[]) clientOut;
        long max = 0;
        int half = x.length / 2;
        for (int i = 0; i < s.length; i++) {
            long expected;
            switch (op) {
                case relu:
                    expected = Math.max(0, signed(x[i], bits));
                    break;
                case trunc:
                    expected = signed(x[i], bits) >> (bits / 2);
                    break;
                case cheetahrelu:
                    expected = Math.max(0, signed(x[i], bits)) >> shift;
                    break;
                case cheetahrequant:
                    expected = Math.max(0, Math.min(cheetahMax(bits), Math.floorDiv(signed(x[i], bits)
                            + (1L << shift >> 1), 1L << shift)));
                    break;
                case requant: {
                    int q = bits / 4;
                    long rounded = signed((x[i] + (q > 0 ? 1L << (q - 1) : 0)) & mask, bits) >> q;
                    expected = Math.max(0, Math.min((1L << Math.max(1, bits / 4)) - 1, rounded));
                    break;
                }
                default: {
                    long best = Long.MIN_VALUE;
                    int col = (i % (half / 2)) * 2;
                    for (int e = 0; e < 4; e++) {
                        best = Math.max(best, signed(x[(e / 2) * half + col + e % 2], bits));
                    }
                    expected = best;
                }
            }
            long d = signed((s[i] + c[i] - expected) & mask, bits);
            max = Math.max(max, Math.abs(d));
        }
        return max;
    }
}
