package org.hequant.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Random;
import org.hequant.he.rlwe.KeyGenerator;
import org.hequant.he.rlwe.PublicKey;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.protocols.channel.InMemoryChannel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.protocols.linear.ConvShape;
import org.hequant.protocols.linear.ConvWeights;
import org.hequant.protocols.linear.FcWeights;
import org.hequant.protocols.linear.HomConvLayout;
import org.hequant.protocols.linear.HomFcLayout;
import org.hequant.protocols.linear.HomLinearClient;
import org.hequant.protocols.linear.HomLinearServer;
import org.hequant.protocols.linear.LinearLayout;
import org.hequant.protocols.linear.LinearWeights;
import org.hequant.protocols.linear.ResharingMode;
import org.hequant.protocols.sharing.ShareRing;

/**
 * Runs one linear layer between an in-memory client and server on random shares and random 8-bit weights
 * (magnitude at most 2^7, the bound exact re-sharing floods for), in this thread, and reports the metered
 * bytes, ciphertext counts, single-thread CPU times and the error of the reconstruction against a plaintext
 * reference.
 */
public final class LayerBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final RlweContext context;
    private final SecretKey secretKey;
    private final PublicKey publicKey;
    private final ResharingMode mode;
    private static final int WEIGHT_MAGNITUDE_BITS = 7;
    private final Random random = new Random(7);

    public LayerBenchmark(RlweContext context, ResharingMode mode) {
        this.context = context;
        this.secretKey = new KeyGenerator(context).secretKey();
        this.publicKey = new KeyGenerator(context).publicKey(secretKey);
        this.mode = mode;
    }

    /**
     * One layer's run: bytes each way, ciphertexts each way, each party's CPU milliseconds, the largest distance of
     * the reconstructed output from the plaintext layer's, the round trips, the resharing and the tiling.
     */
    public record Result(String layer, int bits, long bytesClientToServer, long bytesServerToClient, int ciphertextsUp,
            int ciphertextsDown, double clientMs, double serverMs, long maxAbsError, long rounds, String resharing,
            String tiling) {
    }

    public Result conv(String name, ConvShape shape, int bits, ConvPlanner.Rule rule) {
        ShareRing ring = new ShareRing(bits);
        HomConvLayout layout = new ConvPlanner(context, ring).plan(name, shape, rule);
        long[] input = randomElements(shape.inputSize(), ring);
        long[] filters = randomWeights(shape.filters() * shape.channels() * shape.kernelH() * shape.kernelW(), ring);
        return run(layout, new ConvWeights(layout, filters, new long[shape.filters()]), input,
                () -> ReferenceLinear.conv(shape, input, filters, ring), layout.tiling().toString());
    }

    public Result fc(String name, int inputs, int outputs, int bits) {
        ShareRing ring = new ShareRing(bits);
        HomFcLayout layout = new HomFcLayout(name, inputs, outputs, ring, context.degree());
        long[] v = randomElements(inputs, ring);
        long[] matrix = randomWeights(inputs * outputs, ring);
        return run(layout, new FcWeights(layout, matrix, new long[outputs]), v,
                () -> ReferenceLinear.fc(inputs, outputs, v, matrix, ring),
                layout.rowsPerBlock() + "x" + layout.colsPerBlock());
    }

    private interface Reference {
        long[] compute();
    }

    private Result run(LinearLayout layout, LinearWeights weights, long[] input, Reference reference,
            String tiling) {
        ShareRing ring = layout.ring();
        long[] clientShare = randomElements(input.length, ring);
        long[] serverShare = ring.sub(input, clientShare);
        TrafficMeter meter = new TrafficMeter();
        InMemoryChannel[] ends = InMemoryChannel.pair(meter, Duration.ofMinutes(30));
        HomLinearClient client = new HomLinearClient(layout, secretKey);
        HomLinearServer server = new HomLinearServer(layout, weights, publicKey, null, mode,
                weightMagnitudeBits(ring));

        long t0 = cpu();
        ends[0].send(layout.name() + "/upload", client.upload(clientShare));
        long t1 = cpu();
        ends[1].send(layout.name() + "/response", server.respond(serverShare, ends[1].receive()));
        long t2 = cpu();
        long[] clientOut = client.outputShare(ends[0].receive());
        long t3 = cpu();

        long[] reconstructed = ring.add(clientOut, server.outputShare());
        return new Result(layout.name(), ring.bits(), meter.bytesSentBy(Party.CLIENT), meter.bytesSentBy(Party.SERVER),
                layout.uploadCount(), layout.responseCount(), round((t1 - t0 + t3 - t2) / 1e6), round((t2 - t1) / 1e6),
                ReferenceLinear.maxAbsError(reference.compute(), reconstructed, ring), meter.roundTrips(),
                mode.name().toLowerCase(), tiling);
    }

    private static int weightMagnitudeBits(ShareRing ring) {
        return Math.min(WEIGHT_MAGNITUDE_BITS, ring.bits() - 1);
    }

    private long[] randomWeights(int n, ShareRing ring) {
        long bound = 1L << weightMagnitudeBits(ring);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = ring.reduce(random.nextLong(2 * bound + 1) - bound);
        }
        return out;
    }

    private long[] randomElements(int n, ShareRing ring) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = ring.reduce(random.nextLong());
        }
        return v;
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static double round(double ms) {
        return Math.round(ms * 10) / 10.0;
    }
}
