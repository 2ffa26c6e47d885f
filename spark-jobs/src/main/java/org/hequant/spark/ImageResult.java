package org.hequant.spark;

import java.io.Serializable;

/**
 * One image's outcome: the private prediction, the plaintext engine's prediction of the same quantized
 * input, the bytes that crossed between the parties for this image (set-up excluded) and the wall time
 * of its private run.
 */
public record ImageResult(long id, int label, int privatePrediction, int plainPrediction, long bytesClientToServer,
        long bytesServerToClient, double ms) implements Serializable {

    public long bytes() {
        return bytesClientToServer + bytesServerToClient;
    }
}
