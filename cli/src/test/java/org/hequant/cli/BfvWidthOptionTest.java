package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hequant.datasets.DatasetSources;
import org.hequant.datasets.ImageStream;
import org.hequant.datasets.InputQuantizer;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelFile;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.spark.ModelInput;
import org.junit.jupiter.api.Test;

/** plan --protocol bfv --bfv-widths observed:DATASET on the committed W2 QAT model and the sample images. */
class BfvWidthOptionTest {
    private static final String MODEL = "../models/demo/bfv/hcnn-bfv-fashion-mnist-w2.hqm";
    private static final String SAMPLE = "idx:../models/demo/fashion-mnist-sample";

    private static long field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": (\\d+)").matcher(json);
        assertTrue(m.find(), name + " missing in " + json);
        return Long.parseLong(m.group(1));
    }

    /** The largest |value| bits over the sample, image by image through IntegerEngine.run (not classify). */
    private static int observedBits() throws Exception {
        QuantizedModel m = ModelFile.read(Path.of(MODEL));
        InputQuantizer quantizer = ModelInput.quantizer(m);
        IntegerEngine engine = new IntegerEngine(m);
        long max = 0;
        try (ImageStream stream = DatasetSources.open(SAMPLE)) {
            while (stream.hasNext()) {
                Map<String, Long> observed = new HashMap<>();
                engine.run(quantizer.quantize(stream.next()), observed);
                for (long v : observed.values()) {
                    max = Math.max(max, v);
                }
            }
        }
        return 64 - Long.numberOfLeadingZeros(max);
    }

    @Test
    void observedWidthsPlanOnePrimeWhereTheWorstCaseNeedsTwo() throws Exception {
        String worst = CommandOutput.of("plan", "--protocol", "bfv", "--model", MODEL, "--json");
        String observed = CommandOutput.of("plan", "--protocol", "bfv", "--model", MODEL, "--bfv-widths",
                "observed:" + SAMPLE, "--json");
        assertTrue(worst.contains("\"width_bound\": \"worst case from the weights\""), worst);
        int bits = observedBits();
        assertEquals(bits + BfvWidthOption.MARGIN_BITS, field(observed, "needed_bits"), observed);
        assertTrue(observed.contains("observed on 500 images of " + SAMPLE + ": " + bits + " bits + 1 margin"),
                observed);
        assertTrue(field(worst, "needed_bits") > field(observed, "needed_bits") + 8, worst + "\n" + observed);
        assertEquals(8192, field(observed, "degree"));
        // One plaintext prime holding 2^(needed + 1), against two for the worst case.
        Matcher primes = Pattern.compile("\"plaintext_primes\": \\[(\\d+)\\]").matcher(observed);
        assertTrue(primes.find(), observed);
        assertTrue(Long.parseLong(primes.group(1)) > 1L << (bits + BfvWidthOption.MARGIN_BITS + 1), observed);
        assertTrue(worst.matches("(?s).*\"plaintext_primes\": \\[\\d+, \\d+\\].*"), worst);
    }

    @Test
    void aGivenWidthSizesThePrimesAndNeverExceedsTheWorstCase() {
        String given = CommandOutput.of("plan", "--protocol", "bfv", "--model", MODEL, "--bfv-widths", "bits:28",
                "--json");
        assertEquals(28, field(given, "needed_bits"), given);
        assertTrue(given.contains("\"width_bound\": \"given: 28 bits\""), given);
        Matcher primes = Pattern.compile("\"plaintext_primes\": \\[(\\d+)\\]").matcher(given);
        assertTrue(primes.find(), given);
        assertTrue(Long.parseLong(primes.group(1)) > 1L << 29, given);
        String worst = CommandOutput.of("plan", "--protocol", "bfv", "--model", MODEL, "--json");
        String wide = CommandOutput.of("plan", "--protocol", "bfv", "--model", MODEL, "--bfv-widths", "bits:200",
                "--json");
        assertEquals(field(worst, "needed_bits"), field(wide, "needed_bits"), wide);
    }

    @Test
    void badBoundsAreRefusedNamingTheOption() {
        String err = BadOptionsTest.failure("plan", "--protocol", "bfv", "--model", MODEL, "--bfv-widths", "median");
        assertTrue(err.contains("--bfv-widths must be worst, observed:DATASET or bits:M"), err);
        for (String bad : new String[] {"bits:0", "bits:x", "bits:", "bits:1001"}) {
            err = BadOptionsTest.failure("plan", "--protocol", "bfv", "--model", MODEL, "--bfv-widths", bad);
            assertTrue(err.contains("--bfv-widths bits:M needs M in [1, 1000]"), err);
        }
        err = BadOptionsTest.failure("plan", "--model", MODEL, "--bfv-widths", "observed:" + SAMPLE);
        assertTrue(err.contains("--bfv-widths applies to --protocol bfv only"), err);
        err = BadOptionsTest.failure("infer", "--model", MODEL, "--dataset", SAMPLE, "--bfv-widths",
                "observed:" + SAMPLE);
        assertTrue(err.contains("--bfv-widths applies to --protocol bfv only"), err);
    }
}
