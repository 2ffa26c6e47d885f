package org.hequant.protocols.linear;

import org.hequant.protocols.channel.Channel;

/**
 * Drives one linear layer's round over a pair of channel ends in one thread: client step, server step,
 * client step. It only moves messages; all protocol logic is in the client and server classes.
 */
public final class LinearLayerExchange {
    private LinearLayerExchange() {
    }

    /** Both output shares: element 0 the client's, element 1 the server's. */
    public static long[][] run(String label, HomLinearClient client, long[] clientShare, Channel clientEnd,
            HomLinearServer server, long[] serverShare, Channel serverEnd) {
        clientEnd.send(label + "/upload", client.upload(clientShare));
        serverEnd.send(label + "/response", server.respond(serverShare, serverEnd.receive()));
        long[] clientOut = client.outputShare(clientEnd.receive());
        return new long[][] {clientOut, server.outputShare()};
    }
}
