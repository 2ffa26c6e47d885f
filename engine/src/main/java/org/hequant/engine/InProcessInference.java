package org.hequant.engine;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.InMemoryChannel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.nonlinear.Session;
import org.hequant.protocols.ot.IknpOtExtension;
import org.hequant.protocols.ot.OtReceiver;
import org.hequant.protocols.ot.OtSender;

/**
 * Both parties in one JVM, one thread each, talking over a metered in-memory channel: the client
 * generates its keys and sends the public key, both set up IKNP in each direction once, then each
 * {@link #infer} runs the whole network privately. This runner only starts threads and moves results;
 * the protocol steps live in {@link ClientRunner} and {@link ServerRunner}.
 */
public final class InProcessInference implements AutoCloseable {
    private final TrafficMeter meter = new TrafficMeter();
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final ClientRunner client;
    private final ServerRunner server;

    public InProcessInference(QuantizedModel model, InferencePlan plan) {
        InMemoryChannel[] ends = InMemoryChannel.pair(meter, Duration.ofMinutes(10));
        Future<ServerRunner> s = threads.submit(() -> {
            ScopedChannel channel = new ScopedChannel(ends[1]);
            KeyExchange.ServerKeys keys = KeyExchange.serverReceives(plan, channel);
            OtSender sender = IknpOtExtension.sender(channel);
            Session session = new Session(Party.SERVER, channel, sender, IknpOtExtension.receiver(channel));
            return new ServerRunner(plan, session, channel, model, keys);
        });
        Future<ClientRunner> c = threads.submit(() -> {
            ScopedChannel channel = new ScopedChannel(ends[0]);
            SecretKey sk = KeyExchange.clientSends(plan, channel);
            OtReceiver receiver = IknpOtExtension.receiver(channel);
            Session session = new Session(Party.CLIENT, channel, IknpOtExtension.sender(channel), receiver);
            return new ClientRunner(plan, session, channel, sk);
        });
        this.server = await(s);
        this.client = await(c);
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

    /** The logits the client obtains for one input (values in the model's input range). */
    public long[] infer(long[] input) {
        Future<?> s = threads.submit(server::infer);
        Future<long[]> c = threads.submit(() -> client.infer(input));
        try {
            long[] logits = await(c);
            await(s);
            return logits;
        } catch (RuntimeException e) {
            // One party failed: interrupt the other instead of letting it wait for a message that never comes.
            threads.shutdownNow();
            throw e;
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
