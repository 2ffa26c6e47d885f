package org.hequant.protocols.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TcpChannelTest {
    @Test
    void theReceiverMetersPreprocessingAsTheSenderDoes() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket clientSocket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket serverSocket = listener.accept()) {
            TrafficMeter clientMeter = new TrafficMeter();
            TrafficMeter serverMeter = new TrafficMeter();
            TcpChannel client = new TcpChannel(Party.CLIENT, clientSocket, clientMeter, Duration.ofSeconds(5));
            TcpChannel server = new TcpChannel(Party.SERVER, serverSocket, serverMeter, Duration.ofSeconds(5));
            byte[] extension = new byte[300];
            extension[299] = 7;
            server.send(TrafficMeter.PREPROCESSING_PREFIX + "ot/ferret", extension);
            server.send("ot/chosen", new byte[11]);
            assertArrayEquals(extension, client.receive());
            assertEquals(11, client.receive().length);
            for (TrafficMeter meter : new TrafficMeter[] {clientMeter, serverMeter}) {
                assertEquals(11, meter.bytesSentBy(Party.SERVER));
                assertEquals(300, meter.preprocessingBytes(Party.SERVER));
                assertEquals(1, meter.flights());
            }
        }
    }

    @Test
    void anAbsurdLengthIsRefusedWhateverItsFlag() throws Exception {
        String message = refusalOf(out -> out.writeInt(-1));
        assertTrue(message.contains("peer announced a message of"), message);
    }

    @Test
    void aFlightAheadOfWhatThisEndSentIsRefused() throws Exception {
        String message = refusalOf(out -> {
            out.writeInt(1);
            out.writeInt(5);
            out.writeByte(0);
        });
        assertTrue(message.contains("flight 5"), message);
    }

    @Test
    void anAnnouncedLengthCostsNothingUntilItsBytesArrive() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket clientSocket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket serverSocket = listener.accept()) {
            TcpChannel server = new TcpChannel(Party.SERVER, serverSocket, new TrafficMeter(), Duration.ofSeconds(30));
            java.util.concurrent.CompletableFuture<String> outcome = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> assertThrows(ChannelException.class, server::receive).getMessage());
            long before = heapAfterGc();
            DataOutputStream out = new DataOutputStream(clientSocket.getOutputStream());
            out.writeInt(1 << 29);
            out.writeInt(1);
            out.write(new byte[100]);
            out.flush();
            Thread.sleep(500);
            long growth = heapAfterGc() - before;
            clientSocket.close();
            assertTrue(outcome.get().contains("closed the connection"), outcome.get());
            // The old reader allocated the announced 512 MiB at once.
            assertTrue(growth < 8 << 20, "heap grew by " + growth + " bytes for 100 bytes received");
        }
    }

    /**
     * Sends return before the peer reads (both ends of a batched OT call write first), but a peer that reads
     * nothing cannot make this end queue without bound: past the cap a send waits, then fails at the read timeout.
     */
    @Test
    void aPeerThatReadsNothingCannotMakeTheSenderQueueWithoutBound() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket clientSocket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket serverSocket = listener.accept()) {
            TcpChannel server = new TcpChannel(Party.SERVER, serverSocket, new TrafficMeter(), Duration.ofSeconds(1));
            int size = (int) (TcpChannel.MAX_UNSENT_BYTES / 3);
            int accepted = 0;
            ChannelException refusal = null;
            while (refusal == null && accepted < 100) {
                try {
                    server.send("big", new byte[size]);
                    accepted++;
                } catch (ChannelException e) {
                    refusal = e;
                }
            }
            assertTrue(refusal != null && refusal.getMessage().contains("took none"), String.valueOf(refusal));
            // The socket buffers take some of it; the queue holds at most the cap plus one message.
            assertTrue(accepted <= 5, accepted + " messages of " + size + " bytes accepted");
            serverSocket.close();
        }
    }

    @Test
    void aMessageLongerThanTheStepAllowsIsRefused() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket clientSocket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket serverSocket = listener.accept()) {
            TcpChannel client = new TcpChannel(Party.CLIENT, clientSocket, new TrafficMeter(), Duration.ofSeconds(5));
            TcpChannel server = new TcpChannel(Party.SERVER, serverSocket, new TrafficMeter(), Duration.ofSeconds(5));
            byte[] large = new byte[200_000];
            large[199_999] = 9;
            client.send("a", large);
            assertArrayEquals(large, server.receive(200_000));
            server.limitMessages(1000);
            client.send("b", new byte[1001]);
            String message = assertThrows(ChannelException.class, server::receive).getMessage();
            assertTrue(message.contains("announced a message of 1001 bytes, more than the 1000 this step allows"),
                    message);
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private interface Frame {
        void write(DataOutputStream out) throws IOException;
    }

    /** The message of the error a client channel raises on receiving the raw bytes {@code frame} writes. */
    private static String refusalOf(Frame frame) throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket clientSocket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket serverSocket = listener.accept()) {
            TcpChannel client = new TcpChannel(Party.CLIENT, clientSocket, new TrafficMeter(), Duration.ofSeconds(5));
            DataOutputStream out = new DataOutputStream(serverSocket.getOutputStream());
            frame.write(out);
            out.flush();
            return assertThrows(ChannelException.class, client::receive).getMessage();
        }
    }
}
