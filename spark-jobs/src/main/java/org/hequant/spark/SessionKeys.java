package org.hequant.spark;

import java.io.Serializable;
import org.hequant.engine.ServerKeys;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.wire.KeyCodec;
import org.hequant.protocols.linear.HomLinearServer;

/**
 * A session's public keys in wire form, as the driver broadcasts them to the tile tasks: the client's public
 * key and, when the plan compacts responses, its Galois keys (else null).
 */
record SessionKeys(byte[] publicKey, byte[] galoisKeys) implements Serializable {

    static SessionKeys of(HomLinearServer server) {
        return new SessionKeys(KeyCodec.writePublicKey(server.publicKey()),
                server.galoisKeys() == null ? null : KeyCodec.writeGaloisKeys(server.galoisKeys()));
    }

    ServerKeys decode(RlweContext context) {
        return new ServerKeys(KeyCodec.readPublicKey(context, publicKey),
                galoisKeys == null ? null : KeyCodec.readGaloisKeys(context, galoisKeys));
    }
}
