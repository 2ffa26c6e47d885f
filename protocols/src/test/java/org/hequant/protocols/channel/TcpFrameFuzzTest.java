package org.hequant.protocols.channel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.hequant.fuzz.FuzzSeeds;
import org.hequant.fuzz.LoopbackPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * TCP frames as a peer could send them: arbitrary bytes arrive on a loopback socket, then the peer closes
 * its side; the receiving channel must deliver messages within the limit and end with a
 * {@link ChannelException}, never another exception or a wait. The target uses the bounded receive
 * (as the server does for the hello and the plan); what {@link TcpChannel#receive()} allocates for a large
 * announced length is the server's memory bound, tested with the server.
 */
class TcpFrameFuzzTest {
    private static final int LIMIT = 1 << 16;
    @FuzzTest
    void tcpFrames(byte[] data) throws IOException {
        try (LoopbackPeer peer = LoopbackPeer.sending(data)) {
            TcpChannel channel = new TcpChannel(Party.SERVER, peer.receivingEnd(), new TrafficMeter(), Duration.ofSeconds(10));
            int messages = 0;
            long bytes = 0;
            while (true) {
                byte[] message;
                try {
                    message = channel.receiveAtMost(LIMIT);
                } catch (ChannelException end) {
                    assertTrue(end.getMessage().startsWith("SERVER: "), end.getMessage());
                    break;
                }
                assertTrue(message.length <= LIMIT);
                messages++;
                bytes += 8 + message.length;
            }
            assertTrue(bytes <= data.length, messages + " messages of " + bytes + " bytes from " + data.length);
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = FuzzSeeds.WRITE, matches = "1")
    void writeSeeds() throws IOException {
        FuzzSeeds.write(getClass(), "tcpFrames", "hello", frames(false, "HQHELLO1".getBytes(), new byte[] {1}));
        FuzzSeeds.write(getClass(), "tcpFrames", "preprocessing-then-online",
                frames(true, new byte[300], new byte[17]));
    }

    /** Frames as the format defines them: length word (top bit: preprocessing), flight, payload. */
    private static byte[] frames(boolean preprocessing, byte[]... messages) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (int i = 0; i < messages.length; i++) {
            boolean pre = preprocessing && i == 0;
            out.writeInt(messages[i].length | (pre ? 1 << 31 : 0));
            out.writeInt(pre ? 0 : 1);
            out.write(messages[i]);
        }
        return bytes.toByteArray();
    }
}
