package org.hequant.engine;

import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.linear.CompactedLayout;
import org.hequant.protocols.linear.ConvWeights;
import org.hequant.protocols.linear.DepthwiseWeights;
import org.hequant.protocols.linear.FcWeights;
import org.hequant.protocols.linear.HomConvLayout;
import org.hequant.protocols.linear.HomDepthwiseLayout;
import org.hequant.protocols.linear.HomFcLayout;
import org.hequant.protocols.linear.HomLinearServer;
import org.hequant.protocols.linear.LinearLayout;
import org.hequant.protocols.linear.LinearWeights;
import org.hequant.protocols.nonlinear.Session;
import org.hequant.protocols.sharing.ShareRing;

/**
 * The server: holds the model's weights and only the client's public key. Its share of the input is zero;
 * at the end it sends its output share to the client (the server learns nothing of the result).
 */
final class ServerRunner extends PartyRunner {
    private final KeyExchange.ServerKeys keys;
    /** Each linear layer's weights in its share ring, converted once rather than per inference. */
    private final java.util.Map<String, LinearWeights> weights = new java.util.HashMap<>();

    ServerRunner(InferencePlan plan, Session session, ScopedChannel scope, QuantizedModel model,
            KeyExchange.ServerKeys keys) {
        super(plan, session, scope);
        this.keys = keys;
        for (Node n : model.nodes()) {
            LinearLayout layout = plan.layout(n.name());
            if (layout != null) {
                weights.put(n.name(), weights(n, layout, plan.guardBits(n.name())));
            }
        }
    }

    @Override
    protected long[] linear(Node node, long[] share) {
        LinearLayout layout = plan.layout(node.name());
        HomLinearServer server = new HomLinearServer(layout, weights.get(node.name()), keys.publicKey(),
                keys.galoisKeys(), plan.resharing(node.name()));
        session.channel().send("response", server.respond(share, session.channel().receive()));
        return server.outputShare();
    }

    /** The layer's weights and bias in its ring, scaled by 2^guard (see {@link LinearProtocol}). */
    private static LinearWeights weights(Node node, LinearLayout layout, int guard) {
        ShareRing ring = layout.ring();
        if (node.layer() instanceof Conv2d c && layout instanceof HomDepthwiseLayout depthwise) {
            return new DepthwiseWeights(depthwise, toRing(c.weights(), ring, guard), toRing(c.bias(), ring, guard));
        }
        if (node.layer() instanceof Conv2d c) {
            HomConvLayout conv = (HomConvLayout) (layout instanceof CompactedLayout packed ? packed.inner() : layout);
            return new ConvWeights(conv, toRing(c.weights(), ring, guard), toRing(c.bias(), ring, guard));
        }
        Linear l = (Linear) node.layer();
        return new FcWeights((HomFcLayout) layout, toRing(l.weights(), ring, guard), toRing(l.bias(), ring, guard));
    }

    private static long[] toRing(int[] values, ShareRing ring, int guard) {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ring.reduce((long) values[i] << guard);
        }
        return out;
    }

    private static long[] toRing(long[] values, ShareRing ring, int guard) {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ring.reduce(values[i] << guard);
        }
        return out;
    }

    /** Runs one inference; the server's share of the input is zero. */
    void infer() {
        long[] mine = evaluate(new long[plan.architecture().inputShape().size()]);
        java.util.List<Node> nodes = plan.architecture().nodes();
        session.channel().send("shares", Messages.packShares(mine, plan.tensorBits(nodes.get(nodes.size() - 1).name())));
    }
}
