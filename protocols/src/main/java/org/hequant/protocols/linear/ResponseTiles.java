package org.hequant.protocols.linear;

import java.util.List;

/**
 * Where the server's step of a linear layer computes its responses. Every response is a pure function of
 * the request, the weights and the client's public keys, so an implementation may cut the responses into
 * tiles and compute them anywhere, e.g. as tasks of a cluster, as long as it returns
 * {@link HomLinearServer#computeTile} of consecutive ranges covering all responses in order.
 */
public interface ResponseTiles {
    /** All responses as one tile, in the calling thread. */
    ResponseTiles LOCAL = (server, request) -> List.of(server.computeTile(request, 0, server.layout().responseCount()));

    List<ResponseTile> compute(HomLinearServer server, ResponseRequest request);
}
