package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.hequant.report.Json;
import org.junit.jupiter.api.Test;

class OtBenchCommandTest {
    @Test
    void tinyRunPrintsEveryKeyAndTheWireCosts() {
        String json = CommandOutput.of("bench", "ot", "--json", "--n", "4096", "--warmup", "1024");
        for (String engine : List.of("iknp", "ferret")) {
            for (String key : List.of("setup_ms", "setup_bytes", "cot_per_s", "cot_bits", "chosen_ot_per_s",
                    "chosen_ot_bits", "random_ot_per_s")) {
                assertTrue(json.contains("\"" + engine + "_" + key + "\": "), engine + "_" + key + " missing: " + json);
            }
        }
        assertTrue(json.contains("\"iknp_cot_bits\": 128.0,"), json);
        assertTrue(json.contains("\"iknp_chosen_ot_bits\": 256.0,"), json);
        // The first main-extension chunk (131,072 COTs, sent during the warm-up) covers the timed OTs, so
        // they cost only the receiver's choice bit, plus the two 64-bit messages when chosen.
        assertTrue(json.contains("\"ferret_cot_bits\": 1.0,"), json);
        assertTrue(json.contains("\"ferret_chosen_ot_bits\": 129.0,"), json);
        for (String engine : List.of("iknp", "ferret")) {
            assertTrue(json.matches(".*\"" + engine + "_timed_counters\": \\{\"page_faults\": [0-9]+, \"gc_count\": [0-9]+, "
                    + "\"gc_ms\": [0-9]+\\}.*"), engine + " counters missing: " + json);
        }
        // The line reads back into the command's record and writes the same line again.
        OtBenchResult r = Json.readRecord(json, OtBenchResult.class);
        assertEquals(json, Json.record(r));
        assertEquals(1.0 / 128, r.ferretVsIknpCotBits(), 0.005);
        assertEquals(4096, r.n());
    }

    @Test
    void textOutputHasOneKeyPerLine() {
        String text = CommandOutput.of("bench", "ot", "--n", "4096", "--warmup", "0");
        String[] lines = text.split("\n");
        assertEquals("n = 4096", lines[0]);
        assertEquals(19, lines.length, text);
        assertTrue(text.contains("\niknp_cot_bits = 128.0\n"), text);
        assertTrue(text.matches("(?s).*\nferret_timed_counters = \\{page_faults=-?[0-9]+, gc_count=[0-9]+, gc_ms=[0-9]+\\}\n"
                + "ferret_vs_iknp_cot_bits = [0-9.]+\njava_version = .*"), text);
    }

    @Test
    void nonPositiveSizeIsReported() {
        assertEquals(2, Hequant.commandLine().execute("bench", "ot", "--n", "0"));
    }
}
