package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InferCommandTest {
    @Test
    void privateInferenceOfTheDemoModelAgreesWithThePlaintextEngine() {
        String json = CommandOutput.of("infer", "--model", "../models/demo/fashion-mnist-w4a4.hqm", "--dataset",
                "idx:../models/demo/fashion-mnist-sample", "--limit", "2", "--json");
        assertTrue(json.contains("\"images\": 2,"), json);
        assertTrue(json.contains("\"agreement\": 1.0,"), json);
        assertTrue(json.matches(".*\"bytes_he\": [1-9][0-9]*,.*"), json);
    }

    @Test
    void unknownProtocolIsAnError() {
        assertEquals(2, Hequant.commandLine().execute("infer", "--model", "zoo:minionn", "--dataset",
                "synthetic:cifar10:1", "--protocol", "seal"));
    }
}
