package org.hequant.protocols.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
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
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket clientSocket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket serverSocket = listener.accept()) {
            TcpChannel client = new TcpChannel(Party.CLIENT, clientSocket, new TrafficMeter(), Duration.ofSeconds(5));
            DataOutputStream out = new DataOutputStream(serverSocket.getOutputStream());
            out.writeInt(-1);
            out.flush();
            ChannelException e = assertThrows(ChannelException.class, client::receive);
            assertTrue(e.getMessage().contains("peer announced a message of"), e.getMessage());
        }
    }

    @Test
    void aFlightAheadOfWhatThisEndSentIsRefused() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket clientSocket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                Socket serverSocket = listener.accept()) {
            TcpChannel client = new TcpChannel(Party.CLIENT, clientSocket, new TrafficMeter(), Duration.ofSeconds(5));
            DataOutputStream out = new DataOutputStream(serverSocket.getOutputStream());
            out.writeInt(1);
            out.writeInt(5);
            out.writeByte(0);
            out.flush();
            ChannelException e = assertThrows(ChannelException.class, client::receive);
            assertTrue(e.getMessage().contains("flight 5"), e.getMessage());
        }
    }
}
