package org.hequant.spark;

import java.io.Serializable;
import org.apache.spark.TaskContext;

/**
 * A test-controlled failure: the first attempt of the task that reaches image {@code imageId} fails
 * just before running it, after the earlier images of its partition have been computed (images
 * schedule), or the first attempt of the image's first tile task (tiles schedule), or of each channel task of
 * the image's batch (BFV). The retry runs normally,
 * so a test can check that the results and byte counts do not depend on the failure.
 */
public record FaultInjection(long imageId, Kind kind) implements Serializable {
    /** No failure: no image has this id. */
    public static final FaultInjection NONE = new FaultInjection(-1, Kind.THROW_IN_TASK);

    public enum Kind {
        /** The task throws: Spark retries it (needs a master that allows task retries, e.g. local[2,3]). */
        THROW_IN_TASK,
        /** The executor's JVM halts: Spark loses the executor and runs its tasks elsewhere (cluster masters). */
        HALT_EXECUTOR
    }

    void beforeImage(long id) {
        if (id == imageId) {
            failFirstAttempt("image " + id);
        }
    }

    /** Every channel of the BFV batch that holds the image fails on its first attempt. */
    void beforeBatch(long firstImage, int images) {
        if (imageId >= firstImage && imageId < firstImage + images) {
            failFirstAttempt("the BFV batch of image " + imageId);
        }
    }

    /** Only the image's first tile fails, so that one loss is injected rather than one per tile. */
    void beforeTile(long id, int step, int tile) {
        if (id == imageId && step == 0 && tile == 0) {
            failFirstAttempt("the first tile of image " + id);
        }
    }

    private void failFirstAttempt(String what) {
        TaskContext task = TaskContext.get();
        if (task == null || task.attemptNumber() > 0) {
            return;
        }
        if (kind == Kind.HALT_EXECUTOR) {
            Runtime.getRuntime().halt(86);
        }
        throw new IllegalStateException("injected failure before " + what + " (attempt 0 of task "
                + task.partitionId() + ")");
    }
}
