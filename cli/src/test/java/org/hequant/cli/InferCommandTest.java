package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hequant.report.Json;
import org.junit.jupiter.api.Test;

class InferCommandTest {
    @Test
    void privateInferenceOfTheDemoModelAgreesWithThePlaintextEngine() {
        String json = CommandOutput.of("infer", "--model", "../models/demo/fashion-mnist-w4a4.hqm", "--dataset",
                "idx:../models/demo/fashion-mnist-sample", "--limit", "2", "--json");
        assertTrue(json.contains("\"images\": 2,"), json);
        assertTrue(json.contains("\"agreement\": 1.0,"), json);
        assertTrue(json.matches(".*\"bytes_he\": [1-9][0-9]*,.*"), json);
        // Both parties' CPU per image, each at most the wall time of two images it was measured within.
        java.util.regex.Matcher cpu = java.util.regex.Pattern.compile(
                "\"wall_ms\": (\\d+), \"client_cpu_ms\": ([0-9.]+), \"server_cpu_ms\": ([0-9.]+)").matcher(json);
        assertTrue(cpu.find(), json);
        for (int party = 2; party <= 3; party++) {
            double ms = Double.parseDouble(cpu.group(party));
            assertTrue(ms > 0 && ms <= 2 * Long.parseLong(cpu.group(1)) + 1, json);
        }
        // The line reads back into the command's record; its layers' bytes add up to the HE and OT totals.
        InferCommand.InferSummary s = Json.readRecord(json, InferCommand.InferSummary.class);
        assertEquals(json, Json.record(s));
        assertEquals(s.bytesHe(), s.layers().stream()
                .mapToLong(l -> l.heClientToServer() + l.heServerToClient()).sum(), 2.0 * s.layers().size(), json);
        assertEquals(s.bytesOt() - s.bytesOtPreprocessing(), s.layers().stream()
                .mapToLong(l -> l.otClientToServer() + l.otServerToClient()).sum(), 2.0 * s.layers().size(), json);
    }

    @Test
    void unknownProtocolIsAnError() {
        assertEquals(2, Hequant.commandLine().execute("infer", "--model", "zoo:minionn", "--dataset",
                "synthetic:cifar10:1", "--protocol", "seal"));
    }
}
