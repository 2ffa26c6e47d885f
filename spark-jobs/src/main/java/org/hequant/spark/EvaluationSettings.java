package org.hequant.spark;

import java.io.Serializable;
import org.hequant.engine.PlanObjective;
import org.hequant.engine.ProtocolMode;
import org.hequant.engine.Reveal;
import org.hequant.engine.RingWidths;
import org.hequant.protocols.linear.ConvPlanner;

/**
 * What one evaluation runs.
 *
 * @param model model file path or zoo:NAME[:BITS]; read by the driver only and broadcast
 * @param dataset dataset location ({@code DatasetSources}), streamed by the driver into batches
 * @param protocol how the network is run privately
 * @param tiling the convolution tiling rule
 * @param limit the most images to evaluate; 0: all of the dataset
 * @param schedule how a batch is cut into Spark tasks
 * @param imagesPerTask images run by one task, which pays one session set-up (keys, base OTs) for them
 *     ({@link Schedule#IMAGES}); 0: each batch split evenly over Spark's default parallelism, the fewest
 *     set-ups that keep every core busy
 * @param imagesInFlight images the driver takes through the rounds at once, one session each
 *     ({@link Schedule#TILES}); 0: Spark's default parallelism
 * @param batchImages images read into one Spark job; bounds the driver's memory for a streamed dataset
 * @param jobSeed every task's randomness derives from it and the task's first image, so that a retried
 *     task reproduces its first attempt exactly
 * @param out output folder (any Hadoop FileSystem path)
 * @param compareImages images each other protocol mode runs on in-process for the report's comparison; 0: none
 * @param fault a test-controlled failure, or null
 * @param objective what the planner minimises for {@code protocol}
 * @param ringWidths how the plan publishes its share-ring widths
 * @param reveal what the client learns: the label through the secure argmax, or the logits
 */
public record EvaluationSettings(String model, String dataset, ProtocolMode protocol, ConvPlanner.Rule tiling,
        int limit, Schedule schedule, int imagesPerTask, int imagesInFlight, int batchImages, long jobSeed, String out,
        int compareImages, FaultInjection fault, PlanObjective objective, RingWidths ringWidths, Reveal reveal)
        implements Serializable {

    /** Settings whose client learns the label only. */
    public EvaluationSettings(String model, String dataset, ProtocolMode protocol, ConvPlanner.Rule tiling, int limit,
            Schedule schedule, int imagesPerTask, int imagesInFlight, int batchImages, long jobSeed, String out,
            int compareImages, FaultInjection fault, PlanObjective objective, RingWidths ringWidths) {
        this(model, dataset, protocol, tiling, limit, schedule, imagesPerTask, imagesInFlight, batchImages, jobSeed, out,
                compareImages, fault, objective, ringWidths, Reveal.LABEL);
    }

    /** Settings whose plan states exact ring widths. */
    public EvaluationSettings(String model, String dataset, ProtocolMode protocol, ConvPlanner.Rule tiling, int limit,
            Schedule schedule, int imagesPerTask, int imagesInFlight, int batchImages, long jobSeed, String out,
            int compareImages, FaultInjection fault, PlanObjective objective) {
        this(model, dataset, protocol, tiling, limit, schedule, imagesPerTask, imagesInFlight, batchImages, jobSeed, out,
                compareImages, fault, objective, RingWidths.EXACT);
    }

    /** Settings whose plan minimises the bytes. */
    public EvaluationSettings(String model, String dataset, ProtocolMode protocol, ConvPlanner.Rule tiling, int limit,
            Schedule schedule, int imagesPerTask, int imagesInFlight, int batchImages, long jobSeed, String out,
            int compareImages, FaultInjection fault) {
        this(model, dataset, protocol, tiling, limit, schedule, imagesPerTask, imagesInFlight, batchImages, jobSeed, out,
                compareImages, fault, PlanObjective.BYTES);
    }

    /** What one Spark task of the evaluation is. */
    public enum Schedule {
        /** A task takes a few images through the whole network, both parties inside the task. */
        IMAGES,
        /**
         * The driver takes images through the network in rounds, both parties' state kept on the driver; a
         * round's linear-layer responses run as one Spark job of (image, layer, tile) tasks.
         */
        TILES
    }

    public EvaluationSettings {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be >= 0 (0: whole dataset), got " + limit);
        }
        if (imagesPerTask < 0) {
            throw new IllegalArgumentException("--images-per-task must be >= 0 (0: the batch over Spark's parallelism), got "
                    + imagesPerTask);
        }
        if (imagesInFlight < 0) {
            throw new IllegalArgumentException("--images-in-flight must be >= 0 (0: Spark's parallelism), got "
                    + imagesInFlight);
        }
        if (schedule == null) {
            throw new IllegalArgumentException("a schedule (images or tiles) is required");
        }
        if (batchImages < 1) {
            throw new IllegalArgumentException("--batch must be >= 1 image, got " + batchImages);
        }
        if (batchImages < imagesPerTask) {
            throw new IllegalArgumentException("--batch (" + batchImages + ") must be at least --images-per-task ("
                    + imagesPerTask + ")");
        }
        if (compareImages < 0) {
            throw new IllegalArgumentException("--compare-images must be >= 0, got " + compareImages);
        }
        if (model == null || dataset == null || out == null || objective == null || ringWidths == null || reveal == null) {
            throw new IllegalArgumentException(
                    "model, dataset, output folder, plan objective, ring widths and reveal are required");
        }
    }

    public EvaluationSettings withFault(FaultInjection f) {
        return new EvaluationSettings(model, dataset, protocol, tiling, limit, schedule, imagesPerTask, imagesInFlight,
                batchImages, jobSeed, out, compareImages, f, objective, ringWidths, reveal);
    }

    public EvaluationSettings withImagesPerTask(int images) {
        return new EvaluationSettings(model, dataset, protocol, tiling, limit, schedule, images, imagesInFlight,
                batchImages, jobSeed, out, compareImages, fault, objective, ringWidths, reveal);
    }

    public EvaluationSettings withCompareImages(int images) {
        return new EvaluationSettings(model, dataset, protocol, tiling, limit, schedule, imagesPerTask, imagesInFlight,
                batchImages, jobSeed, out, images, fault, objective, ringWidths, reveal);
    }

    public EvaluationSettings withTiles(int inFlight) {
        return new EvaluationSettings(model, dataset, protocol, tiling, limit, Schedule.TILES, imagesPerTask, inFlight,
                batchImages, jobSeed, out, compareImages, fault, objective, ringWidths, reveal);
    }

    public EvaluationSettings withReveal(Reveal r) {
        return new EvaluationSettings(model, dataset, protocol, tiling, limit, schedule, imagesPerTask, imagesInFlight,
                batchImages, jobSeed, out, compareImages, fault, objective, ringWidths, r);
    }

    public EvaluationSettings withRingWidths(RingWidths widths) {
        return new EvaluationSettings(model, dataset, protocol, tiling, limit, schedule, imagesPerTask, imagesInFlight,
                batchImages, jobSeed, out, compareImages, fault, objective, widths, reveal);
    }
}
