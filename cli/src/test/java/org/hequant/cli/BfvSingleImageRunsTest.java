package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** infer --protocol bfv --bfv-layout single on the committed W2 QAT model and sample images; its bad options. */
class BfvSingleImageRunsTest {
    private static final String MODEL = "../models/demo/bfv/hcnn-bfv-fashion-mnist-w2.hqm";
    private static final String SAMPLE = "idx:../models/demo/fashion-mnist-sample";

    @Test
    void singleImageLogitsEqualThePlaintextEngineOnTheW2Model() {
        // logits_equal compares each image's decrypted, CRT-recombined logits with IntegerEngine.run.
        String json = CommandOutput.of("infer", "--protocol", "bfv", "--bfv-layout", "single", "--model", MODEL,
                "--dataset", SAMPLE, "--bfv-widths", "observed:" + SAMPLE, "--limit", "2", "--threads", "2",
                "--json");
        assertTrue(json.contains("\"layout\": \"single-image\""), json);
        assertTrue(json.contains("\"images\": 2"), json);
        assertTrue(json.contains("\"logits_equal\": 1.0"), json);
        assertTrue(json.contains("\"agreement\": 1.0"), json);
        assertTrue(json.matches("(?s).*\"galois_key_bytes\": [1-9]\\d*.*"), json);
        assertTrue(json.matches("(?s).*\"noise_budget\": [1-9]\\d*.*"), json);
        BfvSingleImageRuns.Output r = org.hequant.report.Json.readRecord(json, BfvSingleImageRuns.Output.class);
        assertEquals(json, org.hequant.report.Json.record(r));
        assertTrue(r.galoisKeyBytes() < r.keyUploadBytes(), json);
    }

    @Test
    void badLayoutsAreRefusedNamingTheOption() {
        String err = BadOptionsTest.failure("infer", "--protocol", "bfv", "--bfv-layout", "diagonal", "--model", MODEL,
                "--dataset", SAMPLE);
        assertTrue(err.contains("--bfv-layout must be batch or single, got 'diagonal'"), err);
        err = BadOptionsTest.failure("infer", "--bfv-layout", "single", "--model", MODEL, "--dataset", SAMPLE);
        assertTrue(err.contains("--bfv-layout applies to --protocol bfv only"), err);
    }
}
