package org.hequant.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.hequant.engine.Reveal;
import org.hequant.models.io.ModelLoader;
import org.hequant.report.Json;
import org.hequant.spark.BfvEvaluateJob;
import org.hequant.spark.BfvEvaluationSettings;
import org.hequant.spark.BfvSummary;
import org.hequant.spark.EvaluateJob;
import org.hequant.spark.Evaluation;
import org.hequant.spark.EvaluationSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * ./hequant evaluate: the Spark batch evaluator. With no options it evaluates the bundled demo model on the
 * bundled Fashion-MNIST sample on local Spark. Under spark-submit the master comes from spark-submit.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate private inference over a dataset on Spark; write images.parquet, summary.json/csv and "
                + "report.html. With --protocol bfv: a Spark task per (batch of up to N images, CRT prime) channel.")
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    private ProtocolOptions options = new ProtocolOptions();

    @Mixin
    private BfvWidthOption widths = new BfvWidthOption();

    /** The repository root when run by the launcher (it passes conf/), so the defaults work from any directory. */
    private static final Path ROOT = System.getProperty("hequant.conf") == null ? Path.of("")
            : Path.of(System.getProperty("hequant.conf")).toAbsolutePath().getParent();

    @Option(names = "--model", description = "model file or zoo:NAME[:BITS] (default: the bundled demo model)")
    private String model;

    @Option(names = "--bits", description = "bit configuration of a zoo model, e.g. W4A4 (same as zoo:NAME:BITS)")
    private String bits;

    @Option(names = "--dataset", description = "e.g. cifar10:PATH, idx:DIR, synthetic:cifar10:100 (default: the bundled sample)")
    private String dataset;

    @Option(names = "--master", description = "Spark master (default: --spark-conf's, spark-submit's, else local[*])")
    private String master;

    @Option(names = "--spark-conf", description = "spark-defaults style properties file, e.g. conf/spark/local.conf")
    private Path sparkConf;

    @Option(names = "--limit", description = "images (default: 16 with the bundled sample, else the whole dataset)")
    private Integer limit;

    @Option(names = "--schedule", defaultValue = "images",
            description = "images: a task runs a few whole images; tiles: the driver runs the rounds, linear layers' "
                    + "server HE work as (image, layer, tile) tasks (default ${DEFAULT-VALUE})")
    private String schedule;

    @Option(names = "--images-per-task", defaultValue = "0",
            description = "images schedule: images per Spark task, one session set-up each (default 0: each batch "
                    + "split evenly over Spark's parallelism)")
    private int imagesPerTask;

    @Option(names = "--images-in-flight", defaultValue = "0",
            description = "tiles schedule: images run at once, one session each (default: Spark's parallelism)")
    private int imagesInFlight;

    @Option(names = "--batch", defaultValue = "256", description = "images per Spark job (default ${DEFAULT-VALUE}); "
            + "with --protocol bfv: images per BFV batch, at most N (default N, one image per slot)")
    private int batch;

    @Option(names = "--seed", description = "job seed for the tasks' reproducible randomness (default: random, reported)")
    private Long seed;

    @Option(names = "--compare-images", defaultValue = "1",
            description = "images every protocol mode runs on in-process for the report (default ${DEFAULT-VALUE}; 0: none)")
    private int compareImages;

    @Option(names = "--out", defaultValue = "target/evaluate", description = "output folder (default ${DEFAULT-VALUE})")
    private String out;

    @Option(names = "--force", description = "write into a non-empty --out folder that holds no earlier report")
    private boolean force;

    @Option(names = "--reveal", defaultValue = "label", description = "what the client learns: label (through the "
            + "secure argmax) or logits; the evaluator plays both parties, the report names it (default ${DEFAULT-VALUE})")
    private String reveal;

    @Option(names = "--json", description = "Print the whole summary as one JSON object.")
    private boolean json;

    @Spec
    private CommandSpec spec;

    /** The evaluator's settings this command sets from an option of another name. */
    private static final Map<String, String> OPTION_OF_SETTING = Map.ofEntries(Map.entry("model", "--model"),
            Map.entry("dataset", "--dataset"), Map.entry("limit", "--limit"),
            Map.entry("imagesPerTask", "--images-per-task"), Map.entry("imagesInFlight", "--images-in-flight"),
            Map.entry("batchImages", "--batch"), Map.entry("out", "--out"), Map.entry("compareImages", "--compare-images"),
            Map.entry("jobSeed", "--seed"), Map.entry("reveal", "--reveal"), Map.entry("crtPrimes", "--crt-primes"),
            Map.entry("neededBits", "--bfv-widths"), Map.entry("threadsPerTask", "spark.task.cpus"));

    /** The interactive modes' options, refused with --protocol bfv, and why. */
    private static final String[][] NOT_FOR_BFV = {
        {"--schedule", "a task is always one (batch, CRT prime) channel"},
        {"--images-per-task", "a task takes a whole batch of up to N images; see --batch"},
        {"--images-in-flight", "there are no rounds: one upload, one response"},
        {"--compare-images", "the interactive modes do not run this model"},
        {"--reveal", "the client decrypts the logits"},
        {"--seed", "keys and noise are drawn fresh per task; the results do not depend on them"},
        {"--tiling", "BFV has no convolution tiling"},
        {"--objective", "the BFV planner minimises the evaluation cost"},
        {"--ring-widths", "BFV has no share rings; its plaintext primes are in the plan"}};

    @Override
    public Integer call() throws Exception {
        widths.check(options.bfv());
        if (options.bfv()) {
            return bfv();
        }
        EvaluationSettings settings = settings();
        OptionChecks.sparkMaster(master);
        Evaluation e = onSpark(sparkConf(), spark -> EvaluateJob.run(spark, settings));
        if (json) {
            System.out.println(Json.record(e.summary()));
        } else {
            java.util.Map<String, Object> fields = Json.fields(e.summary());
            for (String key : new String[] {"model", "protocol", "master", "schedule", "images", "accuracy", "agreement",
                "images_per_s", "bytes_total", "rounds", "lan_ms", "wan_ms"}) {
                System.out.println(key + " = " + fields.get(key));
            }
            System.out.println("report: " + Path.of(settings.out(), "report.html"));
        }
        return 0;
    }

    /** A Spark job, run once every option has been checked. */
    private interface SparkJob<T> {
        T run(SparkSession spark) throws Exception;
    }

    /** Creates the output folder, runs the job on a session of {@code conf}, removes a folder it made if it fails. */
    private <T> T onSpark(SparkConf conf, SparkJob<T> job) throws Exception {
        boolean createdOut = OptionChecks.outputFolder("--out", out, force);
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            return job.run(spark);
        } catch (Exception | Error failure) {
            if (createdOut) {
                OptionChecks.removeIfEmpty(out);
            }
            throw failure;
        } finally {
            spark.stop();
        }
    }

    private SparkConf sparkConf() {
        SparkConf conf = new SparkConf().setAppName("hequant evaluate").set("spark.ui.showConsoleProgress", "false");
        if (sparkConf != null) {
            conf.setAll(SparkDefaults.read(sparkConf));
        }
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        return conf;
    }

    /**
     * Non-interactive BFV over Spark: every option is checked, the model planned and the dataset opened before
     * Spark starts; the interactive modes' options are refused by name.
     */
    private int bfv() throws Exception {
        for (String[] refused : NOT_FOR_BFV) {
            if (spec.commandLine().getParseResult().hasMatchedOption(refused[0])) {
                throw new IllegalArgumentException(refused[0] + " does not apply to --protocol bfv (" + refused[1]
                        + ")");
            }
        }
        if (model == null) {
            throw new IllegalArgumentException("--protocol bfv needs --model (a BFV-evaluable model, e.g. "
                    + "zoo:hcnn-mnist-bfv)");
        }
        OptionChecks.sparkMaster(master);
        SparkConf conf = sparkConf();
        BfvEvaluationSettings settings = bfvSettings(conf.getInt("spark.task.cpus", 1));
        org.hequant.engine.bfv.BfvPlan plan = BfvEvaluateJob.plan(ModelLoader.load(settings.model()),
                settings.crtPrimes(), settings.neededBits());
        try {
            BfvEvaluateJob.batchImages(plan, settings);
        } catch (EvaluationSettings.InvalidSetting e) {
            throw new IllegalArgumentException(e.message(name -> OPTION_OF_SETTING.getOrDefault(name, name)), e);
        }
        BfvEvaluateJob.checkDataset(plan, settings.dataset());
        BfvSummary s = onSpark(conf, spark -> BfvEvaluateJob.run(spark, settings).summary());
        java.util.Map<String, Object> map = Json.fields(s);
        if (json) {
            System.out.println(Json.record(s));
        } else {
            for (String key : new String[] {"model", "protocol", "master", "degree", "plaintext_primes", "images",
                "batches", "channels", "accuracy", "agreement", "upload_bytes_per_image", "result_bytes_per_image",
                "channel_ms", "amortised_ms_per_image", "noise_budget_min"}) {
                System.out.println(key + " = " + map.get(key));
            }
            System.out.println("report: " + Path.of(out, "report.html"));
        }
        return 0;
    }

    BfvEvaluationSettings bfvSettings(int threadsPerTask) throws java.io.IOException {
        boolean bundled = dataset == null;
        String modelRef = model;
        if (bits != null) {
            modelRef = ModelCommand.withBits(model, bits);
        }
        Integer images = spec.commandLine().getParseResult().hasMatchedOption("--batch") ? batch : null;
        if (images != null) {
            OptionChecks.atLeast("--batch", images, 1);
        }
        try {
            return new BfvEvaluationSettings(modelRef,
                    bundled ? "idx:" + ROOT.resolve("models/demo/fashion-mnist-sample") : dataset,
                    limit != null ? limit : bundled ? 16 : 0, options.crtPrimes(),
                    widths.neededBits(ModelLoader.load(modelRef), true), images == null ? 0 : images,
                    threadsPerTask, out);
        } catch (EvaluationSettings.InvalidSetting e) {
            throw new IllegalArgumentException(e.message(name -> OPTION_OF_SETTING.getOrDefault(name, name)), e);
        }
    }

    private EvaluationSettings.Schedule schedule() {
        try {
            return EvaluationSettings.Schedule.valueOf(schedule.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown schedule '" + schedule + "' (images or tiles)");
        }
    }

    EvaluationSettings settings() {
        boolean bundled = dataset == null;
        String modelRef = model == null ? ROOT.resolve("models/demo/fashion-mnist-w4a4.hqm").toString() : model;
        if (bits != null) {
            if (!modelRef.startsWith("zoo:") || modelRef.substring(4).contains(":")) {
                throw new IllegalArgumentException("--bits applies to a zoo model given as zoo:NAME, got --model " + modelRef);
            }
            modelRef = modelRef + ":" + bits;
        }
        EvaluationSettings.Builder b = EvaluationSettings.builder(modelRef,
                bundled ? "idx:" + ROOT.resolve("models/demo/fashion-mnist-sample") : dataset)
                .protocol(options.mode()).tiling(options.rule()).limit(limit != null ? limit : bundled ? 16 : 0)
                .schedule(schedule()).imagesPerTask(imagesPerTask).imagesInFlight(imagesInFlight).batchImages(batch)
                .out(out).compareImages(compareImages).objective(options.objective()).ringWidths(options.ringWidths())
                .reveal(Reveal.parse(reveal));
        if (seed != null) {
            b.jobSeed(seed);
        }
        try {
            return b.build();
        } catch (EvaluationSettings.InvalidSetting e) {
            throw new IllegalArgumentException(e.message(name -> OPTION_OF_SETTING.getOrDefault(name, name)), e);
        }
    }
}
