package org.hequant.protocols.ot;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.hequant.protocols.channel.InMemoryChannel;
import org.hequant.protocols.channel.TrafficMeter;

/** A connected IKNP sender (server end) and receiver (client end), each side's calls run in its own thread. */
final class OtSession implements AutoCloseable {
    final TrafficMeter meter = new TrafficMeter();
    final IknpOtSender sender;
    final IknpOtReceiver receiver;
    private final ExecutorService senderThread = Executors.newSingleThreadExecutor();

    OtSession() throws Exception {
        InMemoryChannel[] ends = InMemoryChannel.pair(meter, Duration.ofSeconds(30));
        Future<IknpOtSender> s = senderThread.submit(() -> IknpOtExtension.sender(ends[1]));
        receiver = IknpOtExtension.receiver(ends[0]);
        sender = s.get(30, TimeUnit.SECONDS);
    }

    record Pair<S, R>(S sent, R received) {
    }

    /** Runs one matching call on both sides concurrently. */
    <S, R> Pair<S, R> run(Function<IknpOtSender, S> senderCall, Function<IknpOtReceiver, R> receiverCall)
            throws Exception {
        Future<S> s = senderThread.submit(() -> senderCall.apply(sender));
        R r = receiverCall.apply(receiver);
        return new Pair<>(s.get(60, TimeUnit.SECONDS), r);
    }

    @Override
    public void close() {
        senderThread.shutdownNow();
    }
}
