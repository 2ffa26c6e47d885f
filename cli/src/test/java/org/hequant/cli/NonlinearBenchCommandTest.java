package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.hequant.cli.bench.NonlinearBenchmark;
import org.hequant.report.Json;
import org.junit.jupiter.api.Test;

class NonlinearBenchCommandTest {
    @Test
    void jsonReadsBackAndTheTextHasTheSameFigures() {
        String json = CommandOutput.of("bench", "nonlinear", "--op", "relu", "--bits", "16", "--n", "64", "--json");
        NonlinearBenchmark.Result r = Json.readRecord(json, NonlinearBenchmark.Result.class);
        assertEquals(json, Json.record(r));
        assertTrue(json.startsWith("{\"op\": \"relu\", \"bits\": 16, \"n\": 64, \"bytes_total\": "), json);
        // ReLU is exact, and its bits per element are the bytes' over 64 elements.
        assertEquals(0, r.maxAbsError(), json);
        assertEquals(r.bytesTotal() * 8 / 64.0, r.bitsPerElement(), 0.05, json);
        assertTrue(r.rounds() > 0, json);

        String text = CommandOutput.of("bench", "nonlinear", "--op", "relu", "--bits", "16", "--n", "64");
        assertTrue(text.matches("op = relu\nbits = 16\nn = 64\nbytes_total = \\d+\nbits_per_element = [0-9.]+\n"
                + "rounds = \\d+\nms = [0-9.]+\nmax_abs_error = 0"), text);
    }
}
