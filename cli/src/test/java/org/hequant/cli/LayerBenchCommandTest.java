package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hequant.cli.bench.LayerBenchmark;
import org.hequant.report.Json;
import org.junit.jupiter.api.Test;

class LayerBenchCommandTest {
    @Test
    void convLayerPrintsTheIssueFieldsWithZeroError() {
        String json = CommandOutput.of("bench", "layer", "--op", "conv", "--in", "3,16,16", "--out", "4", "--kernel", "3", "--pad", "1",
                "--bits", "16", "--tiling", "search", "--json", "--warmup-runs", "0");
        for (String key : List.of("bytes_client_to_server", "bytes_server_to_client", "ciphertexts_up",
                "ciphertexts_down", "client_ms", "server_ms", "max_abs_error", "rounds")) {
            assertTrue(json.contains("\"" + key + "\": "), key + " missing: " + json);
        }
        assertTrue(json.contains("\"max_abs_error\": 0,"), json);
        assertTrue(json.contains("\"rounds\": 1,"), json);
        // The line reads back into the benchmark's record and writes the same line again.
        LayerBenchmark.Result r = Json.readRecord(json, LayerBenchmark.Result.class);
        assertEquals(json, Json.record(r));
        assertEquals(List.of("conv", 16, "exact"), List.of(r.layer(), r.bits(), r.resharing()));
    }

    @Test
    void fcLayerWithApproximateResharingStaysWithinOne() {
        String json = CommandOutput.of("bench", "layer", "--op", "fc", "--in", "200", "--out", "20", "--bits", "20", "--resharing",
                "approximate", "--json", "--warmup-runs", "0");
        assertTrue(json.matches(".*\"max_abs_error\": [01],.*"), json);
        assertEquals(json, Json.record(Json.readRecord(json, LayerBenchmark.Result.class)));
        String text = CommandOutput.of("bench", "layer", "--op", "fc", "--in", "200", "--out", "20", "--bits", "20",
                "--warmup-runs", "0");
        assertTrue(text.matches("layer = fc\nbits = 20\nbytes_client_to_server = \\d+\nbytes_server_to_client = \\d+\n"
                + "ciphertexts_up = \\d+\nciphertexts_down = \\d+\nclient_ms = [0-9.]+\nserver_ms = [0-9.]+\n"
                + "max_abs_error = 0\nrounds = 1\nresharing = exact\ntiling = \\d+x\\d+"), text);
    }

    @Test
    void badConvInputIsReportedNotThrown() {
        assertEquals(2, Hequant.commandLine().execute("bench", "layer", "--op", "conv", "--in", "3,16", "--out", "4"));
    }
}
