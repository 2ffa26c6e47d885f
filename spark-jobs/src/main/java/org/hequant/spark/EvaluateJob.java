package org.hequant.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.hequant.datasets.DatasetSources;
import org.hequant.datasets.Image;
import org.hequant.datasets.ImageStream;
import org.hequant.datasets.InputQuantizer;
import org.hequant.engine.InferencePlan;
import org.hequant.models.io.ModelLoader;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.report.TrafficSummary;

/**
 * The Spark batch evaluator. The driver loads the model and broadcasts it, streams the dataset in batches
 * of quantized images, and runs each batch under one of two schedules: as one Spark job whose tasks each
 * take a few images through private inference with both parties co-located ({@link TaskEvaluator}), or in
 * rounds driven from the driver, each linear layer's server HE work a Spark job of tile tasks
 * ({@link TiledBatch}). Bytes are counted by layer, message and direction into accumulators. The driver
 * then writes the per-image rows, the summary and the report ({@link EvaluationReport}).
 *
 * <p>Runs under {@code ./hequant evaluate} (the {@code cli} module), or under
 * {@code spark-submit --class org.hequant.spark.EvaluateJob} with {@code setting=value} arguments ({@link #main}).
 * With {@code --protocol bfv} the command runs {@link BfvEvaluateJob} instead.
 */
public final class EvaluateJob {
    private EvaluateJob() {
    }

    /**
     * The spark-submit entry point: {@code setting=value} arguments ({@link SettingsArgs}); the master and the
     * Spark configuration come from spark-submit. Exits 2 on a bad setting.
     */
    public static void main(String[] args) throws IOException {
        EvaluationSettings settings;
        try {
            settings = SettingsArgs.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("EvaluateJob: " + e.getMessage());
            System.exit(2);
            return;
        }
        SparkSession spark = SparkSession.builder().appName("hequant evaluate").getOrCreate();
        try {
            Evaluation e = run(spark, settings);
            System.out.println("accuracy = " + e.summary().accuracy() + ", agreement = "
                    + e.summary().agreement() + ", report: " + settings.out() + "/report.html");
        } finally {
            spark.stop();
        }
    }

    public static Evaluation run(SparkSession spark, EvaluationSettings settings) throws IOException {
        return run(spark, settings, FaultInjection.NONE);
    }

    /** The evaluation with a test-controlled failure ({@link FaultInjection}). */
    public static Evaluation run(SparkSession spark, EvaluationSettings settings, FaultInjection fault)
            throws IOException {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        QuantizedModel model = ModelLoader.load(settings.model());
        InferencePlan plan = PreparedModel.planFor(model, settings);
        InputQuantizer quantizer = ModelInput.quantizer(model);
        Broadcast<byte[]> modelBytes = sc.broadcast(PreparedModel.bundle(model, plan));
        JobAccumulators acc = JobAccumulators.register(spark.sparkContext());
        TaskEvaluator evaluator = new TaskEvaluator(modelBytes, settings, fault, acc);
        TiledBatch tiled = new TiledBatch(sc, modelBytes, settings, fault, acc);

        List<ImageResult> results = new ArrayList<>();
        List<ImageInput> firstImages = new ArrayList<>();
        long start = System.nanoTime();
        try (ImageStream stream = DatasetSources.open(settings.dataset(), sc.hadoopConfiguration());
                ProgressLine progress = new ProgressLine(() -> acc.images().value(), settings.limit(), System.err)) {
            long next = 0;
            while (stream.hasNext() && (settings.limit() == 0 || next < settings.limit())) {
                List<ImageInput> batch = new ArrayList<>();
                while (stream.hasNext() && batch.size() < settings.batchImages()
                        && (settings.limit() == 0 || next < settings.limit())) {
                    Image image = stream.next();
                    batch.add(new ImageInput(next++, image.label(), quantizer.quantize(image)));
                }
                if (firstImages.size() < settings.compareImages()) {
                    firstImages.addAll(batch.subList(0, Math.min(batch.size(), settings.compareImages() - firstImages.size())));
                }
                String description = String.format("hequant evaluate %s: images %d-%d", model.name(),
                        batch.get(0).id(), batch.get(batch.size() - 1).id());
                if (settings.schedule() == EvaluationSettings.Schedule.TILES) {
                    results.addAll(tiled.run(batch, description));
                } else {
                    int tasks = settings.imagesPerTask() == 0 ? Math.min(batch.size(), sc.defaultParallelism())
                            : (batch.size() + settings.imagesPerTask() - 1) / settings.imagesPerTask();
                    sc.setJobDescription(description);
                    results.addAll(sc.parallelize(batch, tasks).mapPartitions(evaluator).collect());
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        results.sort(Comparator.comparingLong(ImageResult::id));
        int n = results.size();
        List<String> order = model.nodes().stream().map(Node::name).toList();
        Map<String, Long> flightsByLabel = new LinkedHashMap<>();
        acc.flightsByLabel().value().forEach((k, v) -> flightsByLabel.put(k, v[0]));
        TrafficSummary traffic = new TrafficSummary(acc.bytes().value(), flightsByLabel, acc.flights().value(),
                Math.max(n, 1), order);
        List<ModeComparison.ModeResult> modes = ModeComparison.run(model, settings, firstImages);
        int inFlight = settings.schedule() == EvaluationSettings.Schedule.TILES ? tiled.imagesInFlight() : 0;
        EvaluationSummary summary = summary(spark, settings, inFlight, model, plan, results, seconds, traffic, acc,
                modes);
        Evaluation evaluation = new Evaluation(results, traffic, modes, summary);
        new EvaluationReport(spark, settings.out()).write(evaluation);
        return evaluation;
    }

    private static EvaluationSummary summary(SparkSession spark, EvaluationSettings settings, int inFlight,
            QuantizedModel model, InferencePlan plan, List<ImageResult> results, double seconds, TrafficSummary traffic,
            JobAccumulators acc, List<ModeComparison.ModeResult> modes) {
        int n = results.size();
        int per = Math.max(n, 1);
        long correct = results.stream().filter(r -> r.privatePrediction() == r.label()).count();
        long agree = results.stream().filter(r -> r.privatePrediction() == r.plainPrediction()).count();
        double imageMs = results.stream().mapToDouble(ImageResult::ms).sum() / per;
        Map<String, Long> clientCpu = new LinkedHashMap<>();
        Map<String, Long> serverCpu = new LinkedHashMap<>();
        acc.cpuNanos().value().forEach((layer, ns) -> {
            clientCpu.put(layer, ns[0]);
            serverCpu.put(layer, ns[1]);
        });
        long bytes = traffic.total() + traffic.preprocessing();
        long sessions = acc.sessions().value();
        return new EvaluationSummary(model.name(), settings.protocol().name().toLowerCase(),
                settings.objective().cliName(), settings.ringWidths().toString(), settings.reveal().toString(),
                settings.dataset(), spark.sparkContext().master(), settings.schedule().name().toLowerCase(), inFlight,
                settings.jobSeed(), plan.widestBits(), n, n == 0 ? 0.0 : (double) correct / n,
                n == 0 ? 0.0 : (double) agree / n, Math.round(seconds * 100) / 100.0,
                seconds == 0 ? 0.0 : Math.round(n / seconds * 1000) / 1000.0, bytes, traffic.he(),
                bytes - traffic.he(), traffic.preprocessing(),
                results.stream().mapToLong(ImageResult::bytesClientToServer).sum() / per,
                results.stream().mapToLong(ImageResult::bytesServerToClient).sum() / per,
                results.stream().mapToLong(ImageResult::bytes).sum(), traffic.roundTrips(),
                Math.round(imageMs * 10) / 10.0, TrafficSummary.cpuMillisPerImage(clientCpu, per),
                TrafficSummary.cpuMillisPerImage(serverCpu, per),
                TrafficSummary.lanMs(bytes, traffic.roundTrips(), imageMs),
                TrafficSummary.wanMs(bytes, traffic.roundTrips(), imageMs), sessions,
                sessions == 0 ? 0 : acc.setupBytes().value() / sessions, acc.tiles().value(),
                traffic.layerRows(clientCpu, serverCpu, per), modes.stream().map(ModeComparison.ModeResult::row).toList());
    }
}
