package org.hequant.spark;

import java.io.Serializable;
import java.security.SecureRandom;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hequant.engine.PlanObjective;
import org.hequant.engine.ProtocolMode;
import org.hequant.engine.Reveal;
import org.hequant.engine.RingWidths;
import org.hequant.protocols.linear.ConvPlanner;

/**
 * What one evaluation runs, built with {@link #builder(String, String)}. A rejected value throws
 * {@link InvalidSetting}, whose message names the setting as the builder does ({@code imagesPerTask}), so a
 * front end can name its own option instead.
 */
public final class EvaluationSettings implements Serializable {
    private static final long serialVersionUID = 1L;

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

    /**
     * A setting out of its range. The message names settings as the builder does; {@link #message} names them
     * as a front end does (its options).
     */
    public static final class InvalidSetting extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private static final Pattern NAME = Pattern.compile("\\{(\\w+)}");
        private final String setting;
        /** The message with each setting name in braces. */
        private final String pattern;

        InvalidSetting(String setting, String pattern) {
            super(NAME.matcher(pattern).replaceAll("$1"));
            this.setting = setting;
            this.pattern = pattern;
        }

        public String setting() {
            return setting;
        }

        /** The message with every setting named by {@code rename}. */
        public String message(UnaryOperator<String> rename) {
            return NAME.matcher(pattern).replaceAll(m -> Matcher.quoteReplacement(rename.apply(m.group(1))));
        }
    }

    private final String model;
    private final String dataset;
    private final ProtocolMode protocol;
    private final ConvPlanner.Rule tiling;
    private final int limit;
    private final Schedule schedule;
    private final int imagesPerTask;
    private final int imagesInFlight;
    private final int batchImages;
    private final long jobSeed;
    private final String out;
    private final int compareImages;
    private final PlanObjective objective;
    private final RingWidths ringWidths;
    private final Reveal reveal;

    private EvaluationSettings(Builder b) {
        model = b.model;
        dataset = b.dataset;
        protocol = b.protocol;
        tiling = b.tiling;
        limit = b.limit;
        schedule = b.schedule;
        imagesPerTask = b.imagesPerTask;
        imagesInFlight = b.imagesInFlight;
        batchImages = b.batchImages;
        jobSeed = b.jobSeed != null ? b.jobSeed : new SecureRandom().nextLong();
        out = b.out;
        compareImages = b.compareImages;
        objective = b.objective;
        ringWidths = b.ringWidths;
        reveal = b.reveal;
    }

    /**
     * Settings for {@code model} (file path or zoo:NAME[:BITS]) on {@code dataset} (a {@code DatasetSources}
     * location); every other setting has the default its builder method names.
     */
    public static Builder builder(String model, String dataset) {
        return new Builder().model(model).dataset(dataset);
    }

    /** A builder holding these settings, to change some of them. */
    public Builder toBuilder() {
        return new Builder().model(model).dataset(dataset).protocol(protocol).tiling(tiling).limit(limit)
                .schedule(schedule).imagesPerTask(imagesPerTask).imagesInFlight(imagesInFlight)
                .batchImages(batchImages).jobSeed(jobSeed).out(out).compareImages(compareImages).objective(objective)
                .ringWidths(ringWidths).reveal(reveal);
    }

    /** Model file path or zoo:NAME[:BITS]; read by the driver only and broadcast. */
    public String model() {
        return model;
    }

    /** Dataset location ({@code DatasetSources}), streamed by the driver into batches. */
    public String dataset() {
        return dataset;
    }

    public ProtocolMode protocol() {
        return protocol;
    }

    public ConvPlanner.Rule tiling() {
        return tiling;
    }

    /** The most images to evaluate; 0: all of the dataset. */
    public int limit() {
        return limit;
    }

    public Schedule schedule() {
        return schedule;
    }

    /**
     * Images run by one task, which pays one session set-up (keys, base OTs) for them ({@link Schedule#IMAGES});
     * 0: each batch split evenly over Spark's default parallelism, the fewest set-ups that keep every core busy.
     */
    public int imagesPerTask() {
        return imagesPerTask;
    }

    /**
     * Images the driver takes through the rounds at once, one session each ({@link Schedule#TILES}); 0: Spark's
     * default parallelism.
     */
    public int imagesInFlight() {
        return imagesInFlight;
    }

    /** Images read into one Spark job; bounds the driver's memory for a streamed dataset. */
    public int batchImages() {
        return batchImages;
    }

    /**
     * Every task's randomness derives from it and the task's first image, so that a retried task reproduces its
     * first attempt exactly.
     */
    public long jobSeed() {
        return jobSeed;
    }

    /** Output folder (any Hadoop FileSystem path). */
    public String out() {
        return out;
    }

    /** Images each other protocol mode runs on in-process for the report's comparison; 0: none. */
    public int compareImages() {
        return compareImages;
    }

    public PlanObjective objective() {
        return objective;
    }

    public RingWidths ringWidths() {
        return ringWidths;
    }

    /** What the client learns: the label through the secure argmax, or the logits. */
    public Reveal reveal() {
        return reveal;
    }

    /** The settings one at a time; {@link #build()} checks them together. */
    public static final class Builder {
        private String model;
        private String dataset;
        private ProtocolMode protocol = ProtocolMode.HEQUANT;
        private ConvPlanner.Rule tiling = ConvPlanner.Rule.SEARCH;
        private int limit;
        private Schedule schedule = Schedule.IMAGES;
        private int imagesPerTask;
        private int imagesInFlight;
        private int batchImages = 256;
        private Long jobSeed;
        private String out = "target/evaluate";
        private int compareImages = 1;
        private PlanObjective objective = PlanObjective.BYTES;
        private RingWidths ringWidths = RingWidths.EXACT;
        private Reveal reveal = Reveal.LABEL;

        private Builder() {
        }

        public Builder model(String v) {
            model = v;
            return this;
        }

        public Builder dataset(String v) {
            dataset = v;
            return this;
        }

        /** Default hequant. */
        public Builder protocol(ProtocolMode v) {
            protocol = v;
            return this;
        }

        /** Default search. */
        public Builder tiling(ConvPlanner.Rule v) {
            tiling = v;
            return this;
        }

        /** Default 0: the whole dataset. */
        public Builder limit(int v) {
            limit = v;
            return this;
        }

        /** Default images. */
        public Builder schedule(Schedule v) {
            schedule = v;
            return this;
        }

        /** Default 0: each batch over Spark's parallelism. */
        public Builder imagesPerTask(int v) {
            imagesPerTask = v;
            return this;
        }

        /** Default 0: Spark's parallelism. */
        public Builder imagesInFlight(int v) {
            imagesInFlight = v;
            return this;
        }

        /** Default 256. */
        public Builder batchImages(int v) {
            batchImages = v;
            return this;
        }

        /** Default: drawn from SecureRandom when built (and reported in the summary). */
        public Builder jobSeed(long v) {
            jobSeed = v;
            return this;
        }

        /** Default target/evaluate. */
        public Builder out(String v) {
            out = v;
            return this;
        }

        /** Default 1. */
        public Builder compareImages(int v) {
            compareImages = v;
            return this;
        }

        /** Default bytes. */
        public Builder objective(PlanObjective v) {
            objective = v;
            return this;
        }

        /** Default exact. */
        public Builder ringWidths(RingWidths v) {
            ringWidths = v;
            return this;
        }

        /** Default label. */
        public Builder reveal(Reveal v) {
            reveal = v;
            return this;
        }

        public EvaluationSettings build() {
            String[] required = {"model", "dataset", "protocol", "tiling", "schedule", "out", "objective", "ringWidths",
                "reveal"};
            Object[] values = {model, dataset, protocol, tiling, schedule, out, objective, ringWidths, reveal};
            for (int i = 0; i < required.length; i++) {
                if (values[i] == null) {
                    throw new InvalidSetting(required[i], "{" + required[i] + "} is required");
                }
            }
            atLeast("limit", limit, 0, " (0: whole dataset)");
            atLeast("imagesPerTask", imagesPerTask, 0, " (0: the batch over Spark's parallelism)");
            atLeast("imagesInFlight", imagesInFlight, 0, " (0: Spark's parallelism)");
            atLeast("batchImages", batchImages, 1, " image");
            if (batchImages < imagesPerTask) {
                throw new InvalidSetting("batchImages", "{batchImages} (" + batchImages + ") must be at least "
                        + "{imagesPerTask} (" + imagesPerTask + ")");
            }
            atLeast("compareImages", compareImages, 0, "");
            return new EvaluationSettings(this);
        }

        private static void atLeast(String setting, int value, int least, String meaning) {
            if (value < least) {
                throw new InvalidSetting(setting, "{" + setting + "} must be >= " + least + meaning + ", got " + value);
            }
        }
    }
}
