package org.hequant.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.hequant.datasets.DatasetSources;
import org.hequant.datasets.Image;
import org.hequant.datasets.ImageStream;
import org.hequant.datasets.InputQuantizer;
import org.hequant.engine.bfv.BfvPlan;
import org.hequant.engine.bfv.BfvPlanner;
import org.hequant.models.bfv.BfvEvaluability;
import org.hequant.models.bfv.IntegerWidths;
import org.hequant.models.io.ModelFile;
import org.hequant.models.io.ModelLoader;
import org.hequant.models.ir.QuantizedModel;

/**
 * The Spark evaluator of non-interactive batch-axis BFV inference ({@code evaluate --protocol bfv}). The driver
 * plans the network once (N, Q, the CRT primes), streams the dataset in batches of up to N images (one per
 * slot), broadcasts each batch, and runs one Spark task per (batch, prime) channel ({@link BfvChannelEvaluator}).
 * It then recombines each batch's residues by the CRT, takes the argmax, and compares every image with the
 * plaintext integer engine (agreement, exact logits) and its label (accuracy). A job holds enough batches to give
 * every core a channel; the driver keeps one job's batches in memory.
 */
public final class BfvEvaluateJob {
    private BfvEvaluateJob() {
    }

    /**
     * The plan of a BFV-evaluable model for values of {@code neededBits} bits (0: the worst case from the weights);
     * refuses any other model, naming the node. Driver and tasks derive the same.
     */
    public static BfvPlan plan(QuantizedModel model, int crtPrimes, int neededBits) {
        BfvEvaluability.require(model);
        int bits = neededBits == 0 ? IntegerWidths.neededBits(IntegerWidths.worstCase(model)) : neededBits;
        return BfvPlanner.plan(model, bits, crtPrimes);
    }

    /** Images per batch: {@code --batch}, or N; refuses more than the plan's slots. */
    public static int batchImages(BfvPlan plan, BfvEvaluationSettings settings) {
        if (settings.batchImages() > plan.batchCapacity()) {
            throw new EvaluationSettings.InvalidSetting("batchImages", "{batchImages} " + settings.batchImages()
                    + " exceeds the plan's "
                    + plan.batchCapacity() + " slots (N) per ciphertext");
        }
        return settings.batchImages() == 0 ? plan.batchCapacity() : settings.batchImages();
    }

    /** Opens the dataset and refuses it if its first image does not have the model's input size. */
    public static void checkDataset(BfvPlan plan, String dataset) throws IOException {
        try (ImageStream stream = DatasetSources.open(dataset)) {
            if (stream.hasNext()) {
                requireSize(plan, dataset, ModelInput.quantizer(plan.model()).quantize(stream.next()));
            }
        }
    }

    private static void requireSize(BfvPlan plan, String dataset, long[] image) {
        if (image.length != plan.inputPositions()) {
            throw new IllegalArgumentException("dataset " + dataset + " gives images of " + image.length
                    + " values, model " + plan.model().name() + " takes " + plan.inputPositions() + " ("
                    + plan.model().inputShape() + ")");
        }
    }

    /** One batch as the driver holds it. */
    private record Batch(int index, long firstImage, int[] labels, long[][] images) {
    }

    public static BfvEvaluation run(SparkSession spark, BfvEvaluationSettings settings) throws IOException {
        return run(spark, settings, FaultInjection.NONE);
    }

    /** The evaluation with a test-controlled failure ({@link FaultInjection}). */
    public static BfvEvaluation run(SparkSession spark, BfvEvaluationSettings settings, FaultInjection fault)
            throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        QuantizedModel model = ModelLoader.load(settings.model());
        BfvPlan plan = plan(model, settings.crtPrimes(), settings.neededBits());
        int perBatch = batchImages(plan, settings);
        InputQuantizer quantizer = ModelInput.quantizer(model);
        Broadcast<byte[]> modelBytes = sc.broadcast(ModelFile.toBytes(model));
        BfvChannelEvaluator evaluator = new BfvChannelEvaluator(modelBytes, settings, fault, plan.describe());
        int channels = plan.primes().count();
        int batchesPerJob = Math.max(1, (sc.defaultParallelism() + channels - 1) / channels);

        List<BfvChannelResult> tasks = new ArrayList<>();
        List<ImageResult> images = new ArrayList<>();
        BfvReference reference = new BfvReference(plan);
        long start = System.nanoTime();
        int batches = 0;
        AtomicLong done = new AtomicLong();
        try (ImageStream stream = DatasetSources.open(settings.dataset(), sc.hadoopConfiguration());
                ProgressLine progress = new ProgressLine(done::get, settings.limit(), System.err)) {
            long next = 0;
            while (stream.hasNext() && (settings.limit() == 0 || next < settings.limit())) {
                List<Batch> job = new ArrayList<>();
                while (job.size() < batchesPerJob && stream.hasNext()
                        && (settings.limit() == 0 || next < settings.limit())) {
                    int size = settings.limit() == 0 ? perBatch : (int) Math.min(perBatch, settings.limit() - next);
                    Batch b = read(stream, batches++, next, size, quantizer, plan, settings.dataset());
                    job.add(b);
                    next += b.images().length;
                }
                List<BfvChannelResult> results = runJob(sc, evaluator, job, channels, model.name());
                tasks.addAll(results);
                for (Batch b : job) {
                    List<BfvChannelResult> own = results.stream().filter(r -> r.batch() == b.index())
                            .sorted(Comparator.comparingInt(BfvChannelResult::channel)).toList();
                    images.addAll(reference.compare(b.index(), b.firstImage(), b.labels(), b.images(), own));
                }
                done.set(images.size());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        BfvSummary summary = BfvSummary.of(plan, settings, spark.sparkContext().master(), perBatch, images, tasks,
                reference, seconds);
        BfvEvaluation evaluation = new BfvEvaluation(images, tasks, summary);
        new EvaluationReport(spark, settings.out()).write(evaluation);
        return evaluation;
    }

    /** Up to {@code size} quantized images of the stream, the first at dataset position {@code first}. */
    private static Batch read(ImageStream stream, int index, long first, int size, InputQuantizer quantizer,
            BfvPlan plan, String dataset) {
        List<long[]> x = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        while (x.size() < size && stream.hasNext()) {
            Image image = stream.next();
            long[] q = quantizer.quantize(image);
            requireSize(plan, dataset, q);
            x.add(q);
            labels.add(image.label());
        }
        return new Batch(index, first, labels.stream().mapToInt(Integer::intValue).toArray(),
                x.toArray(new long[0][]));
    }

    /** One Spark job: a task per (batch, channel); each batch's images broadcast once for all its channels. */
    private static List<BfvChannelResult> runJob(JavaSparkContext sc, BfvChannelEvaluator evaluator, List<Batch> job,
            int channels, String modelName) {
        List<Broadcast<long[][]>> broadcasts = new ArrayList<>();
        List<BfvChannelTask> work = new ArrayList<>();
        for (Batch b : job) {
            Broadcast<long[][]> images = sc.broadcast(b.images());
            broadcasts.add(images);
            for (int c = 0; c < channels; c++) {
                work.add(new BfvChannelTask(b.index(), b.firstImage(), c, images));
            }
        }
        Batch last = job.get(job.size() - 1);
        sc.setJobDescription(String.format("hequant evaluate --protocol bfv %s: images %d-%d, %d channel tasks",
                modelName, job.get(0).firstImage(), last.firstImage() + last.images().length - 1, work.size()));
        try {
            return sc.parallelize(work, work.size()).map(evaluator).collect();
        } finally {
            broadcasts.forEach(Broadcast::destroy);
        }
    }
}
