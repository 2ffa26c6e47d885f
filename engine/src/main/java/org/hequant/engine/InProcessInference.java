package org.hequant.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.he.sampling.Prg;
import org.hequant.he.sampling.SeedSource;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.InMemoryChannel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.linear.ResponseTiles;
import org.hequant.protocols.nonlinear.Session;

/**
 * Both parties in one JVM, one thread each, talking over a metered in-memory channel: the client
 * generates its keys and sends the public key, both set up IKNP in each direction once, then each
 * {@link #infer} runs the whole network privately. This runner only starts threads and moves results;
 * the protocol steps live in {@link ClientRunner} and {@link ServerRunner}.
 *
 * <p>Built with a seed, the run is reproducible: each party draws every seed (keys, masks, OT) from its
 * own stream derived from that seed ({@link SeedSource}), so the same inputs in the same order give the
 * same transcript. Only an evaluator that must recompute a retried task identically asks for this.
 */
public final class InProcessInference implements AutoCloseable {
    private final TrafficMeter meter = new TrafficMeter();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final InferencePlan plan;
    private final ClientRunner client;
    private final ServerRunner server;
    /** Each party's seed stream in a reproducible run, else null (SecureRandom). */
    private final Prg clientSeeds;
    private final Prg serverSeeds;

    public InProcessInference(QuantizedModel model, InferencePlan plan) {
        this(model, plan, null);
    }

    /** A reproducible run when {@code seed} is non-null (see the class comment); {@code null}: SecureRandom. */
    public InProcessInference(QuantizedModel model, InferencePlan plan, byte[] seed) {
        this(new ServerLayers(model, plan), plan, seed, ResponseTiles.LOCAL);
    }

    /**
     * As {@link #InProcessInference(QuantizedModel, InferencePlan, byte[])}, with the server's layers given
     * (converted once for many sessions) and its linear layers' responses computed by {@code tiles}.
     */
    public InProcessInference(ServerLayers layers, InferencePlan plan, byte[] seed, ResponseTiles tiles) {
        this.clientSeeds = seed == null ? null : new Prg(partySeed(seed, Party.CLIENT));
        this.serverSeeds = seed == null ? null : new Prg(partySeed(seed, Party.SERVER));
        this.plan = plan;
        InMemoryChannel[] ends = InMemoryChannel.pair(meter, Duration.ofMinutes(10));
        Future<ServerRunner> s = submit(serverSeeds, () -> {
            ScopedChannel channel = new ScopedChannel(ends[1]);
            ServerKeys keys = KeyExchange.serverReceives(plan, channel, new MessageBounds(plan));
            return new ServerRunner(plan, Session.open(Party.SERVER, channel), channel, layers, keys, tiles);
        });
        Future<ClientRunner> c = submit(clientSeeds, () -> {
            ScopedChannel channel = new ScopedChannel(ends[0]);
            SecretKey sk = KeyExchange.clientSends(plan, channel);
            return new ClientRunner(plan, Session.open(Party.CLIENT, channel), channel, sk);
        });
        this.server = await(s);
        this.client = await(c);
    }

    /** The two parties' streams must differ, or they would pick correlated masks. */
    private static byte[] partySeed(byte[] seed, Party party) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(seed);
            sha.update(party.name().getBytes(StandardCharsets.US_ASCII));
            return Arrays.copyOf(sha.digest(), Prg.SEED_BYTES);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    /** Runs a party's work on a pool thread, drawing its seeds from the party's stream when there is one. */
    private <T> Future<T> submit(Prg seeds, Callable<T> work) {
        return threads.submit(reproducibly(seeds, work));
    }

    private static <T> Callable<T> reproducibly(Prg seeds, Callable<T> work) {
        return seeds == null ? work : () -> SeedSource.reproducibly(seeds, work);
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /**
     * What the client obtains for one input (values in the model's input range): the label, and the logits
     * where the plan reveals them.
     */
    public Prediction infer(long[] input) {
        Reveal reveal = plan.reveal();
        // Whichever party fails first ends the inference: the other would wait for a message that never comes.
        ExecutorCompletionService<Prediction> done = new ExecutorCompletionService<>(threads);
        Future<Prediction> c = done.submit(reproducibly(clientSeeds, () -> client.infer(input, reveal)));
        done.submit(reproducibly(serverSeeds, () -> {
            server.infer(reveal);
            return null;
        }));
        try {
            await(take(done));
            await(take(done));
            return await(c);
        } catch (RuntimeException e) {
            threads.shutdownNow();
            throw e;
        }
    }

    private static <T> Future<T> take(ExecutorCompletionService<T> done) {
        try {
            return done.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public TrafficMeter meter() {
        return meter;
    }

    /** Client thread CPU nanoseconds per layer, summed over all inferences. */
    public java.util.Map<String, Long> clientCpuNanos() {
        return client.cpuNanosByLayer();
    }

    /** Server thread CPU nanoseconds per layer, summed over all inferences. */
    public java.util.Map<String, Long> serverCpuNanos() {
        return server.cpuNanosByLayer();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
