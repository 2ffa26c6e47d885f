package org.hequant.engine;

import org.hequant.models.ir.Node;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.linear.HomLinearServer;
import org.hequant.protocols.linear.ResponseTiles;
import org.hequant.protocols.nonlinear.Session;

/**
 * The server: holds the model's weights and only the client's public key. Its share of the input is zero;
 * at the end it takes part in the secure argmax, or sends its output share where the plan reveals the
 * logits (the server learns nothing of the result either way). Its
 * linear layers' responses are computed by {@code tiles}: here, or on other machines.
 */
final class ServerRunner extends PartyRunner {
    private final ServerLayers layers;
    private final ServerKeys keys;
    private final ResponseTiles tiles;
    private final MessageBounds bounds;

    ServerRunner(InferencePlan plan, Session session, ScopedChannel scope, ServerLayers layers, ServerKeys keys,
            ResponseTiles tiles) {
        super(plan, session, scope);
        this.layers = layers;
        this.keys = keys;
        this.tiles = tiles;
        this.bounds = new MessageBounds(plan);
    }

    @Override
    protected long[] linear(Node node, long[] share) {
        HomLinearServer server = layers.server(node.name(), keys);
        byte[] upload = session.channel().receive(bounds.upload(node.name()));
        session.channel().send("response", server.respond(share, upload, tiles));
        return server.outputShare();
    }

    /**
     * Runs one inference revealing {@code reveal} to the client; the server's share of the input is zero.
     * The label goes through the secure argmax; only for the logits does the server's share of the last
     * tensor leave it.
     */
    void infer(Reveal reveal) {
        long[] mine = evaluate(new long[plan.architecture().inputShape().size()]);
        int bits = plan.tensorBits(plan.outputTensor());
        if (reveal == Reveal.LABEL) {
            argmax(mine, bits);
        } else {
            session.channel().send("shares", Messages.packShares(mine, bits));
        }
    }
}
