package org.hequant.engine;

import org.hequant.he.rlwe.SecretKey;
import org.hequant.models.ir.Node;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.linear.HomLinearClient;
import org.hequant.protocols.linear.LinearLayout;
import org.hequant.protocols.nonlinear.Session;
import org.hequant.protocols.sharing.ShareRing;

/**
 * The client: holds the input and the secret key, knows only the public plan. Its input is its share
 * (the server's share of the input is zero); at the end it learns the label from the secure argmax or,
 * where the plan reveals logits, receives the server's output share and reconstructs them.
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

    /** One input's prediction (values in the model's input range), revealing {@code reveal}. */
    Prediction infer(long[] input, Reveal reveal) {
        int inBits = plan.tensorBits(org.hequant.models.ir.QuantizedModel.INPUT);
        long[] share = new long[input.length];
        for (int i = 0; i < input.length; i++) {
            share[i] = input[i] & ShareRing.mask(inBits);
        }
        long[] mine = evaluate(share);
        int bits = plan.tensorBits(plan.outputTensor());
        if (reveal == Reveal.LABEL) {
            return new Prediction(argmax(mine, bits), null);
        }
        long[] theirs = Messages.unpackShares(session.channel().receive(), mine.length, bits);
        long[] logits = new long[mine.length];
        for (int i = 0; i < logits.length; i++) {
            long sum = mine[i] + theirs[i];
            logits[i] = (sum << (64 - bits)) >> (64 - bits);
        }
        return new Prediction(org.hequant.models.engine.IntegerEngine.argmax(logits), logits);
    }
}
