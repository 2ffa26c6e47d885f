package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InferCommandTest {
    @Test
    void privateInferenceOfTheDemoModelAgreesWithThePlaintextEngine() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Hequant.commandLine().execute("infer", "--model", "../models/demo/fashion-mnist-w4a4.hqm", "--dataset",
                    "idx:../models/demo/fashion-mnist-sample", "--limit", "2", "--json");
        } finally {
            System.setOut(original);
        }
        assertEquals(0, code);
        String json = captured.toString(StandardCharsets.UTF_8).trim();
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
