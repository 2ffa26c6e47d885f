package org.hequant.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.hequant.fuzz.FuzzSeeds;
import org.hequant.fuzz.LoopbackPeer;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.TensorShape;
import org.hequant.protocols.channel.ChannelException;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TcpChannel;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.linear.ConvPlanner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * What a client reads from a server it does not trust, and what the server reads first from any client:
 * the plan ({@link PlanCodec#read}: a plan, or an {@link IllegalArgumentException} saying "plan: ...")
 * and the hello ({@link PrivateInferenceServer#receiveHello}: accepted only as the exact frame, otherwise
 * a {@link ChannelException} or an {@link IllegalArgumentException}, never a wait or a large buffer).
 */
class PlanCodecFuzzTest {
    @FuzzTest
    void planCodec(byte[] data) {
        InferencePlan plan;
        try {
            plan = PlanCodec.read(data);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().startsWith("plan: "), e.getMessage());
            return;
        }
        for (var t : plan.architecture().tensors().values()) {
            assertTrue(t.shape().size() <= TensorShape.MAX_VALUES);
        }
    }

    @FuzzTest
    void serverHello(byte[] data) throws IOException {
        try (LoopbackPeer client = LoopbackPeer.sending(data)) {
            TcpChannel tcp = new TcpChannel(Party.SERVER, client.receivingEnd(), new TrafficMeter(), Duration.ofSeconds(10));
            try {
                PrivateInferenceServer.receiveHello(tcp);
            } catch (ChannelException | IllegalArgumentException refused) {
                return;
            }
            byte[] expected = helloFrame();
            assertArrayEquals(expected, Arrays.copyOf(data, expected.length), "accepted a hello that is not HQHELLO1");
        }
    }

    /** The hello frame as the TCP format defines it: length 8, flight 1, "HQHELLO1". */
    private static byte[] helloFrame() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(8);
        out.writeInt(1);
        out.write("HQHELLO1".getBytes(StandardCharsets.US_ASCII));
        return bytes.toByteArray();
    }

    @Test
    @EnabledIfEnvironmentVariable(named = FuzzSeeds.WRITE, matches = "1")
    void writeSeeds() throws IOException {
        QuantizedModel model = PrivateInferenceTest.smallModel(7);
        FuzzSeeds.write(getClass(), "planCodec", "small-quant", PlanCodec.write(
                InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.QUANT)));
        FuzzSeeds.write(getClass(), "planCodec", "small-cheetah", PlanCodec.write(
                InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.CHEETAH)));
        FuzzSeeds.write(getClass(), "planCodec", "small-hequant-lan", PlanCodec.write(
                InferencePlan.forModel(model, ConvPlanner.Rule.CHEETAH, ProtocolMode.HEQUANT, PlanObjective.parse("lan"))));
        FuzzSeeds.write(getClass(), "serverHello", "hello", helloFrame());
        byte[] withRequest = Arrays.copyOf(helloFrame(), 16 + 9);
        withRequest[16 + 3] = 1;
        withRequest[16 + 7] = 1;
        FuzzSeeds.write(getClass(), "serverHello", "hello-then-a-frame", withRequest);
    }
}
