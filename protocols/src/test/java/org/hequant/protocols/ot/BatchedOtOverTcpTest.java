package org.hequant.protocols.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TcpChannel;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.ot.iknp.IknpOtExtension;
import org.hequant.protocols.ot.iknp.IknpOtReceiver;
import org.hequant.protocols.ot.iknp.IknpOtSender;
import org.junit.jupiter.api.Test;

/**
 * A batched call over real sockets: the receiver writes every chunk's u matrix (16 MB each) before it reads any
 * answer, while the sender writes 16 MB of answers per chunk, far more than the socket buffers hold both ways.
 */
class BatchedOtOverTcpTest {
    @Test
    void millionsOfSixtyFourBitOtsInOneCallCompleteOverLoopbackTcp() throws Exception {
        int n = 3 * OtChunks.CHUNK + 17;
        SplittableRandom random = new SplittableRandom(3);
        long[] m0 = new long[n];
        long[] m1 = new long[n];
        boolean[] choices = new boolean[n];
        for (int i = 0; i < n; i++) {
            m0[i] = random.nextLong();
            m1[i] = random.nextLong();
            choices[i] = random.nextBoolean();
        }
        TrafficMeter meter = new TrafficMeter();
        TrafficMeter serverMeter = new TrafficMeter();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket clientSocket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket serverSocket = listener.accept();
                TcpChannel client = new TcpChannel(Party.CLIENT, clientSocket, meter, Duration.ofSeconds(60));
                TcpChannel server = new TcpChannel(Party.SERVER, serverSocket, serverMeter, Duration.ofSeconds(60))) {
            CompletableFuture<IknpOtSender> senderSetup = CompletableFuture.supplyAsync(() -> IknpOtExtension.sender(server));
            IknpOtReceiver receiver = IknpOtExtension.receiver(client);
            IknpOtSender sender = senderSetup.get(60, TimeUnit.SECONDS);
            long before = meter.flights();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> sender.send(m0, m1, 64));
            long[] got = receiver.receive(choices, 64);
            sending.get(120, TimeUnit.SECONDS);
            for (int i = 0; i < n; i++) {
                assertEquals(choices[i] ? m1[i] : m0[i], got[i], "OT " + i);
            }
            assertEquals(2, meter.flights() - before, "the receiver's matrices, then the answers");
            assertEquals(8L * 2 * n, serverMeter.bytesSentBy(Party.SERVER, CorrelatedOtSender.LABEL_CHOSEN));
        }
    }
}
