package org.hequant.engine;

import org.hequant.he.rlwe.SecretKey;
import org.hequant.models.ir.Node;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.linear.HomLinearClient;
import org.hequant.protocols.linear.LinearLayout;
import org.hequant.protocols.nonlinear.Session;

/**
 * The client: holds the input and the secret key, knows only the public plan. Its input is its share
 * (the server's share of the input is zero); at the end it receives the server's output share and
 * reconstructs the logits.
 */
final class ClientRunner extends PartyRunner {
    private final SecretKey secretKey;

    ClientRunner(InferencePlan plan, Session session, ScopedChannel scope, SecretKey secretKey) {
        super(plan, session, scope);
        this.secretKey = secretKey;
    }

    @Override
    protected long[] linear(Node node, long[] share) {
        LinearLayout layout = plan.layout(node.name());
        HomLinearClient client = new HomLinearClient(layout, secretKey);
        session.channel().send("upload", client.upload(share));
        return client.outputShare(session.channel().receive());
    }

    /** The signed logits of one input (values in the model's input range). */
    long[] infer(long[] input) {
        int inBits = plan.tensorBits(org.hequant.models.ir.QuantizedModel.INPUT);
        long[] share = new long[input.length];
        for (int i = 0; i < input.length; i++) {
            share[i] = input[i] & ((1L << inBits) - 1);
        }
        long[] mine = evaluate(share);
        java.util.List<org.hequant.models.ir.Node> nodes = plan.architecture().nodes();
        int bits = plan.tensorBits(nodes.get(nodes.size() - 1).name());
        long[] theirs = Messages.unpackShares(session.channel().receive(), mine.length, bits);
        long[] logits = new long[mine.length];
        for (int i = 0; i < logits.length; i++) {
            long sum = mine[i] + theirs[i];
            logits[i] = (sum << (64 - bits)) >> (64 - bits);
        }
        return logits;
    }
}
