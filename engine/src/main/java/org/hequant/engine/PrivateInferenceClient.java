package org.hequant.engine;

import java.io.IOException;
import java.net.Socket;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.channel.TcpChannel;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.nonlinear.Session;
import org.hequant.protocols.ot.IknpOtExtension;
import org.hequant.protocols.ot.OtReceiver;

/** The client of the TCP mode: connects, receives and checks the plan, then runs inferences. */
public final class PrivateInferenceClient implements AutoCloseable {
    private final ScopedChannel channel;
    private final TrafficMeter meter = new TrafficMeter();
    private final InferencePlan plan;
    private final String planHash;
    private final ClientRunner runner;

    public PrivateInferenceClient(String host, int port) throws IOException {
        this.channel = new ScopedChannel(new TcpChannel(Party.CLIENT, new Socket(host, port), meter,
                PrivateInferenceServer.READ_TIMEOUT));
        channel.send("hello", PrivateInferenceServer.HELLO);
        byte[] encoded = channel.receive();
        this.plan = PlanCodec.read(encoded);
        this.planHash = PlanCodec.hash(encoded);
        SecretKey sk = KeyExchange.clientSends(plan, channel);
        OtReceiver receiver = IknpOtExtension.receiver(channel);
        Session session = new Session(Party.CLIENT, channel, IknpOtExtension.sender(channel), receiver);
        this.runner = new ClientRunner(plan, session, channel, sk);
    }

    public InferencePlan plan() {
        return plan;
    }

    public String planHash() {
        return planHash;
    }

    public TrafficMeter meter() {
        return meter;
    }

    /** The logits of one input, computed privately with the server. */
    public long[] infer(long[] input) {
        channel.scope("request");
        channel.send("infer", new byte[] {1});
        return runner.infer(input);
    }

    @Override
    public void close() {
        try {
            channel.scope("request");
            channel.send("done", new byte[] {0});
        } finally {
            channel.close();
        }
    }
}
