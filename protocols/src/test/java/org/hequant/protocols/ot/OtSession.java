package org.hequant.protocols.ot;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.channel.InMemoryChannel;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.ot.iknp.IknpOtExtension;

/** A connected OT sender (server end) and receiver (client end), each side's calls run in its own thread. */
public final class OtSession implements AutoCloseable {
    public final TrafficMeter meter = new TrafficMeter();
    public final CorrelatedOtSender sender;
    public final CorrelatedOtReceiver receiver;
    private final ExecutorService senderThread = Executors.newSingleThreadExecutor();

    public OtSession(Function<Channel, ? extends CorrelatedOtSender> senderSetup,
            Function<Channel, ? extends CorrelatedOtReceiver> receiverSetup) throws Exception {
        InMemoryChannel[] ends = InMemoryChannel.pair(meter, Duration.ofSeconds(60));
        Future<CorrelatedOtSender> s = senderThread.submit(() -> senderSetup.apply(ends[1]));
        receiver = receiverSetup.apply(ends[0]);
        sender = s.get(60, TimeUnit.SECONDS);
    }

    public static OtSession iknp() throws Exception {
        return new OtSession(IknpOtExtension::sender, IknpOtExtension::receiver);
    }

    public record Pair<S, R>(S sent, R received) {
    }

    /** Runs one matching call on both sides concurrently. */
    public <S, R> Pair<S, R> run(Function<CorrelatedOtSender, S> senderCall, Function<CorrelatedOtReceiver, R> receiverCall)
            throws Exception {
        Future<S> s = senderThread.submit(() -> senderCall.apply(sender));
        R r = receiverCall.apply(receiver);
        return new Pair<>(s.get(120, TimeUnit.SECONDS), r);
    }

    @Override
    public void close() {
        senderThread.shutdownNow();
    }
}
