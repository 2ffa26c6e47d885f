package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hequant.spark.BfvTestModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ./hequant evaluate --protocol bfv: a run on local[2], and the options refused before Spark starts. */
class BfvEvaluateCommandTest {
    @TempDir
    Path dir;

    @Test
    void evaluateRunsOnLocalSparkAndAgreesWithThePlaintextEngine() throws Exception {
        String model = BfvTestModel.write(dir);
        Path out = dir.resolve("out");
        // Primes sized from the widths the plaintext engine observes on the same images (Legiest's bound): a
        // plan too narrow for them would wrap and disagree with the engine.
        String json = CommandOutput.of("evaluate", "--protocol", "bfv", "--model", model, "--dataset",
                BfvTestModel.dataset(3), "--master", "local[2]", "--out", out.toString(), "--json",
                "--bfv-widths", "observed:" + BfvTestModel.dataset(3));
        assertTrue(json.contains("\"protocol\": \"bfv\""), json);
        assertTrue(json.contains("\"images\": 3,") && json.contains("\"batches\": 1,"), json);
        assertTrue(json.contains("\"agreement\": 1.0,") && json.contains("\"logits_equal\": 1.0,"), json);
        assertTrue(json.contains("\"master\": \"local[2]\""), json);
        java.util.regex.Matcher needed = java.util.regex.Pattern.compile("\"needed_bits\": (\\d+)").matcher(json);
        java.util.regex.Matcher seen = java.util.regex.Pattern.compile("\"observed_bits\": (\\d+)").matcher(json);
        assertTrue(needed.find() && seen.find(), json);
        int worst = org.hequant.spark.BfvEvaluateJob.plan(org.hequant.models.io.ModelFile.read(Path.of(model)), 0, 0)
                .neededBits();
        int expectedBits = Math.min(worst, Integer.parseInt(seen.group(1)) + BfvWidthOption.MARGIN_BITS);
        assertEquals(expectedBits, Integer.parseInt(needed.group(1)), json);
        assertTrue(Files.isRegularFile(out.resolve("summary.json")) && Files.isRegularFile(out.resolve("report.html")));
    }

    @Test
    void badOptionsFailBeforeSparkNamingTheNodeOrOption() throws Exception {
        Path out = dir.resolve("never");
        String err = BadOptionsTest.failure("evaluate", "--protocol", "bfv", "--model", "zoo:hcnn-mnist", "--dataset",
                "synthetic:mnist:2", "--out", out.toString());
        assertTrue(err.contains("node 'conv1'"), err);
        assertFalse(Files.exists(out), "no output folder for a refused run");
        err = BadOptionsTest.failure("evaluate", "--protocol", "quant", "--dataset", "synthetic:mnist:2",
                "--bfv-widths", "observed:synthetic:mnist:2");
        assertTrue(err.contains("--bfv-widths applies to --protocol bfv only"), err);
        err = BadOptionsTest.failure("evaluate", "--protocol", "bfv", "--dataset", "synthetic:mnist:2");
        assertTrue(err.contains("--protocol bfv needs --model"), err);
        String model = BfvTestModel.write(dir);
        for (String[] refused : new String[][] {{"--schedule", "tiles"}, {"--images-per-task", "2"},
            {"--reveal", "logits"}, {"--seed", "3"}, {"--compare-images", "0"}, {"--objective", "lan"}}) {
            err = BadOptionsTest.failure("evaluate", "--protocol", "bfv", "--model", model, "--dataset",
                    BfvTestModel.dataset(2), refused[0], refused[1]);
            assertTrue(err.contains(refused[0] + " does not apply to --protocol bfv"), err);
        }
        err = BadOptionsTest.failure("evaluate", "--protocol", "bfv", "--model", model, "--dataset",
                BfvTestModel.dataset(2), "--batch", "100000");
        assertTrue(err.contains("--batch 100000 exceeds the plan's"), err);
        err = BadOptionsTest.failure("evaluate", "--protocol", "bfv", "--model", model, "--dataset",
                "synthetic:mnist:2", "--crt-primes", "17");
        assertTrue(err.contains("--crt-primes must be at most 16"), err);
        err = BadOptionsTest.failure("evaluate", "--protocol", "bfv", "--model", model, "--dataset",
                "synthetic:mnist:2");
        assertTrue(err.contains("gives images of 784 values, model tiny-bfv takes 64"), err);
    }
}
