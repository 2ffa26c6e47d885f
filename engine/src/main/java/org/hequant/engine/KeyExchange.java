package org.hequant.engine;

import org.hequant.he.rlwe.GaloisKeys;
import org.hequant.he.rlwe.KeyGenerator;
import org.hequant.he.rlwe.PublicKey;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.he.wire.KeyCodec;
import org.hequant.protocols.channel.Channel;

/**
 * The set-up messages of a connection: the client makes its keys and sends the public key and, when the
 * plan compacts responses, the Galois keys it needs (once per connection, counted in the set-up bytes);
 * the server reads them. The secret key never leaves the client.
 */
final class KeyExchange {
    private KeyExchange() {
    }

    static SecretKey clientSends(InferencePlan plan, Channel channel) {
        KeyGenerator keys = new KeyGenerator(plan.context());
        SecretKey sk = keys.secretKey();
        channel.send("public-key", KeyCodec.writePublicKey(keys.publicKey(sk)));
        int[] elements = plan.galoisElements();
        if (elements.length > 0) {
            channel.send("galois-keys", KeyCodec.writeGaloisKeys(keys.galoisKeys(sk, elements)));
        }
        return sk;
    }

    /** Reads the client's keys, each refused unless it has exactly the size the plan implies. */
    static ServerKeys serverReceives(InferencePlan plan, Channel channel, MessageBounds bounds) {
        PublicKey pk = KeyCodec.readPublicKey(plan.context(), channel.receive(bounds.publicKey()));
        int[] elements = plan.galoisElements();
        if (elements.length == 0) {
            return new ServerKeys(pk, null);
        }
        GaloisKeys galois = KeyCodec.readGaloisKeys(plan.context(), channel.receive(bounds.galoisKeys()));
        for (int g : elements) {
            if (!galois.keys().containsKey(g)) {
                throw new IllegalArgumentException("the client's Galois keys lack element " + g + " that the plan needs");
            }
        }
        return new ServerKeys(pk, galois);
    }
}
