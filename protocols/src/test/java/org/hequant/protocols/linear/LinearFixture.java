package org.hequant.protocols.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.hequant.he.rlwe.KeyGenerator;
import org.hequant.he.rlwe.PublicKey;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.protocols.channel.InMemoryChannel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.sharing.ShareRing;

/** Runs a layer between an in-memory client and server and checks the reconstruction. */
final class LinearFixture {
    static final RlweContext CONTEXT = RlweContext.cheetah4096();
    static final SecretKey SECRET_KEY = new KeyGenerator(CONTEXT).secretKey();
    static final PublicKey PUBLIC_KEY = new KeyGenerator(CONTEXT).publicKey(SECRET_KEY);
    static final org.hequant.he.rlwe.GaloisKeys GALOIS_KEYS = new KeyGenerator(CONTEXT).galoisKeys(SECRET_KEY,
            ConvPlanner.compactionElements(CONTEXT.degree(), CONTEXT.degree()));

    final TrafficMeter meter = new TrafficMeter();
    long[] reconstructed;

    /** Weights of 8-bit quantized layers: magnitude at most 2^7, the bound exact re-sharing floods for. */
    static final int WEIGHT_MAGNITUDE_BITS = 7;

    /** Uniform signed weights of magnitude at most 2^magnitudeBits, as ring elements. */
    static long[] weights(Random r, int n, ShareRing ring, int magnitudeBits) {
        long[] v = new long[n];
        long bound = 1L << magnitudeBits;
        for (int i = 0; i < n; i++) {
            v[i] = ring.reduce(r.nextLong(2 * bound + 1) - bound);
        }
        return v;
    }

    /** The magnitude bound of test weights: 8-bit weights for exact re-sharing, any ring element otherwise. */
    static int weightMagnitudeBits(ResharingMode mode, ShareRing ring) {
        return mode == ResharingMode.EXACT ? Math.min(WEIGHT_MAGNITUDE_BITS, ring.bits() - 1) : ring.bits() - 1;
    }

    static long[] random(Random r, int n, ShareRing ring) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = ring.reduce(r.nextLong());
        }
        return v;
    }

    /** Shares a random input, runs the layer, and returns client + server output shares. */
    long[] run(LinearLayout layout, LinearWeights weights, long[] input, ResharingMode mode, Random r) {
        return run(layout, weights, input, mode, r, layout.ring().bits() - 1);
    }

    /** As above, for weights whose coefficients are at most 2^weightMagnitudeBits in magnitude. */
    long[] run(LinearLayout layout, LinearWeights weights, long[] input, ResharingMode mode, Random r,
            int weightMagnitudeBits) {
        ShareRing ring = layout.ring();
        long[] clientShare = random(r, input.length, ring);
        long[] serverShare = ring.sub(input, clientShare);
        InMemoryChannel[] ends = InMemoryChannel.pair(meter, Duration.ofSeconds(60));
        long[][] out = LinearLayerExchange.run(layout.name(), new HomLinearClient(layout, SECRET_KEY), clientShare,
                ends[0], new HomLinearServer(layout, weights, PUBLIC_KEY, GALOIS_KEYS, mode,
                        weightMagnitudeBits), serverShare, ends[1]);
        reconstructed = ring.add(out[0], out[1]);
        long predicted = new LinearCost(CONTEXT, ring).layoutBytes(layout);
        assertEquals(predicted, meter.bytesSentBy(Party.CLIENT) + meter.bytesSentBy(Party.SERVER),
                "planner bytes vs metered bytes");
        return reconstructed;
    }

    static void assertReconstructs(long[] expected, long[] actual, ResharingMode mode, ShareRing ring) {
        assertEquals(expected.length, actual.length);
        if (mode == ResharingMode.EXACT) {
            for (int i = 0; i < expected.length; i++) {
                if (expected[i] != actual[i]) {
                    throw new AssertionError("output " + i + ": expected " + expected[i] + " got " + actual[i]);
                }
            }
            return;
        }
        for (int i = 0; i < expected.length; i++) {
            long d = ring.sub(actual[i], expected[i]);
            assertTrue(d == 0 || d == ring.reduce(-1), "output " + i + " off by " + d + " (the error is in {-1, 0})");
        }
    }
}
