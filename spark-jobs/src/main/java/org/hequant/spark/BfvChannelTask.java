package org.hequant.spark;

import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * One Spark task of the BFV evaluator: channel {@code channel} (the CRT prime's index) of batch {@code batch},
 * whose quantized images, starting at dataset position {@code firstImage}, are broadcast once for all its channels.
 */
record BfvChannelTask(int batch, long firstImage, int channel, Broadcast<long[][]> images) implements Serializable {
}
