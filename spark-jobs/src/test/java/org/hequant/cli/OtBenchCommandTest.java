package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtBenchCommandTest {
    @Test
    void tinyRunPrintsEveryKeyAndTheWireCosts() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertEquals(0, Hequant.commandLine().execute("bench", "ot", "--json", "--n", "4096", "--warmup", "1024"));
        } finally {
            System.setOut(original);
        }
        String json = captured.toString(StandardCharsets.UTF_8).trim();
        for (String key : List.of("base_ot_ms", "iknp_cot_per_s", "iknp_bits_per_cot", "chosen_ot_per_s",
                "chosen_ot_bits_per_ot", "random_ot_per_s", "java_version")) {
            assertTrue(json.contains("\"" + key + "\": "), key + " missing: " + json);
        }
        assertTrue(json.contains("\"iknp_bits_per_cot\": 128.0,"), json);
        assertTrue(json.contains("\"chosen_ot_bits_per_ot\": 256.0,"), json);
    }

    @Test
    void nonPositiveSizeIsReported() {
        assertEquals(2, Hequant.commandLine().execute("bench", "ot", "--n", "0"));
    }
}
