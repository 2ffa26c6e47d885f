package org.hequant.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * evaluate --protocol bfv on local[2,3] (two threads, a failed task retried): a task per (batch, CRT prime), the
 * labels against the plaintext integer engine run here, the bytes against the serialized sizes' formula.
 */
class BfvEvaluateJobTest {
    private static final int IMAGES = 7;
    private static SparkSession spark;
    private static String model;
    private static List<int[]> expected;

    @TempDir
    static Path temp;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkSession.builder().master("local[2,3]").appName("BfvEvaluateJobTest")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        model = BfvTestModel.write(temp);
        expected = BfvTestModel.expected(IMAGES);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static BfvEvaluationSettings settings(String out, int crtPrimes) {
        // Batches of 4 images: 2 batches (4 + 3), so a job holds several (batch, prime) tasks.
        return new BfvEvaluationSettings(model, BfvTestModel.dataset(IMAGES), 0, crtPrimes, 0, 4, 1,
                temp.resolve(out).toString());
    }

    static void assertMatchesTheEngine(BfvEvaluation e, int primes) {
        BfvTestModel.assertMatchesTheEngine(e, expected, primes, 2);
    }

    @Test
    void onePrimeGivesTheEnginesLabelsAndTheSerializedBytes() throws Exception {
        BfvEvaluation e = BfvEvaluateJob.run(spark, settings("one", 0));
        assertMatchesTheEngine(e, 1);
        Path out = temp.resolve("one");
        String json = Files.readString(out.resolve("summary.json"));
        assertEquals(e.summary(), org.hequant.report.Json.readRecord(json, BfvSummary.class));
        for (String key : List.of("\"protocol\": \"bfv\"", "\"plaintext_primes\": [", "\"depth\": 1,",
                "\"upload_bytes_per_batch\": " + e.summary().uploadBytesPerBatch() + ",", "\"channel_cpu_ms\": ",
                "\"amortised_ms_per_image\": ", "\"noise_budget_min\": ")) {
            assertTrue(json.contains(key), key + " missing from " + json);
        }
        assertTrue(Files.readString(out.resolve("summary.csv")).contains("\nchannel 0,noise_budget_min,"));
        assertTrue(Files.readString(out.resolve("report.html")).contains("src=\"channels.png\""));
        assertTrue(Files.size(out.resolve("channels.png")) > 0);
        List<Row> rows = spark.read().parquet(out.resolve("images.parquet").toString()).orderBy("id").collectAsList();
        assertEquals(IMAGES, rows.size());
        assertEquals(expected.get(6)[1], rows.get(6).getInt(rows.get(6).fieldIndex("private_prediction")));
    }

    @Test
    void twoPrimesWithARetriedTaskGiveTheSameLabelsAndBytes() throws Exception {
        // Image 5 is in the second batch: both its channel tasks fail on their first attempt and are retried.
        BfvEvaluation e = BfvEvaluateJob.run(spark, settings("two", 2),
                new FaultInjection(5, FaultInjection.Kind.THROW_IN_TASK));
        assertMatchesTheEngine(e, 2);
        assertEquals(List.of(0, 1), e.summary().channelRows().stream().map(BfvSummary.ChannelRow::channel).toList());
    }
}
