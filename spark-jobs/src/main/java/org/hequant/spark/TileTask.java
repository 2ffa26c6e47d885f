package org.hequant.spark;

import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;
import org.hequant.protocols.linear.ResponseRequest;

/**
 * One Spark task of the tiles schedule: responses {@code from} to {@code to - 1} of linear layer
 * {@code layer} for image {@code image}, whose session's keys are {@code keys}. {@code step} counts the
 * image's linear layers (0 = its first) and {@code tile} the task's place among the layer's tiles.
 */
record TileTask(Broadcast<SessionKeys> keys, long image, int step, String layer, int tile, int from, int to,
        ResponseRequest request) implements Serializable {
}
