package org.hequant.spark;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.hequant.protocols.linear.HomLinearServer;
import org.hequant.protocols.linear.ResponseRequest;
import org.hequant.protocols.linear.ResponseTile;
import org.hequant.protocols.linear.ResponseTiles;

/**
 * The server's {@link ResponseTiles} in one session of the tiles schedule: hands each linear layer's
 * request to the round, tagged with the image being run and the session's keys, which it broadcasts at
 * the session's first linear layer (public keys: the tasks need them to encrypt zeros and merge responses).
 */
final class LaneTiles implements ResponseTiles {
    private final JavaSparkContext sc;
    private final TileRounds rounds;
    private Broadcast<SessionKeys> keys;
    private volatile long image;
    private volatile int step;

    LaneTiles(JavaSparkContext sc, TileRounds rounds) {
        this.sc = sc;
        this.rounds = rounds;
    }

    /** The session's next image; its linear layers are counted from 0. */
    void startImage(long id) {
        image = id;
        step = 0;
    }

    @Override
    public List<ResponseTile> compute(HomLinearServer server, ResponseRequest request) {
        if (keys == null) {
            keys = sc.broadcast(SessionKeys.of(server));
        }
        return rounds.compute(new TileRounds.Request(keys, image, step++, server.layout().name(),
                server.layout().responseCount(), request));
    }

    /** Drops the keys' broadcast once the session is over. */
    void release() {
        if (keys != null) {
            keys.destroy();
        }
    }
}
