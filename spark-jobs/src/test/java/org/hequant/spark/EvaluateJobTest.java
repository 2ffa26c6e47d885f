package org.hequant.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluator on local[2,3] (two threads, a failed task is retried up to twice) against the in-process engine. */
class EvaluateJobTest {
    private static final int IMAGES = InProcessReference.DEMO_IMAGES;
    private static SparkSession spark;
    private static InProcessReference reference;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSession.builder().master("local[2,3]").appName("EvaluateJobTest")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        reference = InProcessReference.demo();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void evaluatorOutputEqualsTheInProcessEnginePerImage() throws Exception {
        Path out = temp.resolve("plain");
        Evaluation e = EvaluateJob.run(spark, InProcessReference.demoSettings(out.toString()).toBuilder()
                .compareImages(1).build());
        reference.assertMatches(e);
        // The private run is exact in quant mode: it predicts what the plaintext engine predicts.
        e.images().forEach(r -> assertEquals(r.plainPrediction(), r.privatePrediction()));

        EvaluationSummary s = e.summary();
        long correct = reference.images().stream().filter(r -> r.privatePrediction() == r.label()).count();
        assertEquals((double) correct / IMAGES, s.accuracy());
        assertEquals(1.0, s.agreement());
        assertEquals(2L, s.sessions());
        long all = reference.images().stream().mapToLong(ImageResult::bytes).sum();
        assertEquals(all, s.bytesAllImages());

        String json = Files.readString(out.resolve("summary.json"));
        // The file reads back into the summary the run returned, per-layer and per-mode rows included.
        assertEquals(s, org.hequant.report.Json.readRecord(json, EvaluationSummary.class));
        for (String key : List.of("accuracy", "agreement", "images", "images_per_s", "bytes_total", "layers")) {
            assertTrue(json.contains("\"" + key + "\": "), key + " missing from " + json);
        }
        Matcher total = Pattern.compile("\"bytes_total\": (\\d+),").matcher(json);
        assertTrue(total.find());
        // The total adds the silent OT extension's preprocessing, amortised over the images of both sessions.
        long preprocessing = s.bytesOtPreprocessing();
        assertTrue(preprocessing > 0 && preprocessing < all / IMAGES, "preprocessing " + preprocessing);
        assertEquals(all / IMAGES + preprocessing, Long.parseLong(total.group(1)));
        assertTrue(Files.readString(out.resolve("summary.csv")).contains("\nconv1,he_client_to_server,"
                + reference.traffic().layers().get("conv1")[0] + "\n"));
        // The client learns the label only: the secure argmax is a layer of the report, its bytes those the
        // in-process run's meter counted on the wire.
        assertEquals("label", s.reveal());
        assertTrue(json.contains("\"reveal\": \"label\""), json);
        long[] argmax = reference.traffic().layers().get("argmax");
        assertTrue(argmax[1] > 0 && argmax[3] > 0 && argmax[0] == 0 && argmax[2] == 0, java.util.Arrays.toString(argmax));
        assertTrue(Files.readString(out.resolve("summary.csv")).contains("\nargmax,ot_client_to_server," + argmax[1] + "\n"));
        assertTrue(Files.readString(out.resolve("summary.csv")).contains("\nargmax,ot_server_to_client," + argmax[3] + "\n"));
        assertTrue(reference.traffic().layers().keySet().stream().noneMatch(l -> l.equals("output")));

        List<Row> rows = spark.read().parquet(out.resolve("images.parquet").toString()).orderBy("id").collectAsList();
        assertEquals(IMAGES, rows.size());
        for (int i = 0; i < IMAGES; i++) {
            ImageResult want = reference.images().get(i);
            Row r = rows.get(i);
            assertEquals(want.id(), r.getLong(r.fieldIndex("id")));
            assertEquals(want.label(), r.getInt(r.fieldIndex("label")));
            assertEquals(want.privatePrediction(), r.getInt(r.fieldIndex("private_prediction")));
            assertEquals(want.plainPrediction(), r.getInt(r.fieldIndex("plaintext_prediction")));
            assertEquals(want.bytes(), r.getLong(r.fieldIndex("bytes")));
        }

        // Both modes ran for the comparison; the report shows three charts that decode as PNGs.
        assertEquals(List.of("quant", "cheetah"), e.modes().stream().map(ModeComparison.ModeResult::mode).toList()
                .subList(0, 2));
        assertEquals(reference.traffic().total(), e.modes().get(0).bytesHe() + e.modes().get(0).bytesOt());
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<tr><th>reveal</th><td>label</td></tr>"), "the page names what the client learns");
        for (String png : List.of("bytes-per-layer.png", "modes.png", "latency.png")) {
            assertTrue(html.contains("src=\"" + png + "\""), png);
            BufferedImage image = ImageIO.read(out.resolve(png).toFile());
            assertNotNull(image, png);
            assertEquals(900, image.getWidth());
        }
    }

    @Test
    void aRetriedTaskLeavesEveryResultAndByteCountIdentical() throws Exception {
        // Image 1 is the second image of the first task: the first attempt fails mid-task, after image 0 was
        // counted into its (discarded) accumulator updates.
        Evaluation failed = EvaluateJob.run(spark, InProcessReference.demoSettings(temp.resolve("retried").toString()),
                new FaultInjection(1, FaultInjection.Kind.THROW_IN_TASK));
        reference.assertMatches(failed);
        assertEquals(2L, failed.summary().sessions(), "the failed attempt's accumulator updates must be dropped");
    }

    @Test
    void theTilesScheduleGivesTheInProcessResults() throws Exception {
        // Two images in flight on two task slots: a round holds one or both images' steps, whose layers are cut
        // into two tiles or one, as the rounds happen to form; the results may not depend on that.
        Evaluation e = EvaluateJob.run(spark, InProcessReference.demoSettings(temp.resolve("tiles").toString())
                .toBuilder().schedule(EvaluationSettings.Schedule.TILES).build());
        reference.assertMatches(e);
        assertEquals("tiles", e.summary().schedule());
        assertEquals(2, e.summary().imagesInFlight());
        assertEquals(2L, e.summary().sessions());
        EvaluationSettings s = InProcessReference.demoSettings("unused");
        long tiles = e.summary().tileTasks();
        assertTrue(tiles >= IMAGES * InferencePlanProbe.tilesPerImage(s, 1)
                && tiles <= IMAGES * InferencePlanProbe.tilesPerImage(s, 2), tiles + " tile tasks");
    }

    @Test
    void aRetriedTileTaskLeavesEveryResultAndByteCountIdentical() throws Exception {
        // One image in flight, so every layer is cut into two tiles; the first tile of image 1 fails once.
        Evaluation e = EvaluateJob.run(spark, InProcessReference.demoSettings(temp.resolve("tiles-retried").toString())
                .toBuilder().schedule(EvaluationSettings.Schedule.TILES).imagesInFlight(1).build(),
                new FaultInjection(1, FaultInjection.Kind.THROW_IN_TASK));
        reference.assertMatches(e);
        assertEquals(1L, e.summary().sessions());
        assertEquals(IMAGES * InferencePlanProbe.tilesPerImage(InProcessReference.demoSettings("unused"), 2),
                e.summary().tileTasks(), "a failed attempt's tile must not be counted");
    }

    @Test
    void theTilesScheduleRunsCompactedLayersWithTheSessionsGaloisKeys() throws Exception {
        // MiniONN in hequant mode merges the responses of its deep convolutions with Galois keys.
        EvaluationSettings settings = EvaluationSettings.builder("zoo:minionn:W4A4", "synthetic:cifar10:2")
                .protocol(org.hequant.engine.ProtocolMode.HEQUANT).tiling(org.hequant.protocols.linear.ConvPlanner.Rule.SEARCH)
                .limit(2).schedule(EvaluationSettings.Schedule.TILES).imagesPerTask(1).imagesInFlight(1).batchImages(2)
                .jobSeed(7).out(temp.resolve("tiles-hequant").toString()).compareImages(0).build();
        InferencePlanProbe.requireCompaction(settings);
        Evaluation e = EvaluateJob.run(spark, settings);
        InProcessReference.of(settings).assertMatches(e);
        e.images().forEach(r -> assertEquals(r.plainPrediction(), r.privatePrediction()));
    }
}
