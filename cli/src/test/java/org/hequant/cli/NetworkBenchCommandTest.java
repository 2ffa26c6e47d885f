package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hequant.report.Json;
import org.junit.jupiter.api.Test;

class NetworkBenchCommandTest {
    @Test
    void repeatedRoundsTimeEveryModeAndKeepTheMeteredBytesEqualToThePlanner() {
        String json = CommandOutput.of("bench", "network", "--model", "../models/demo/fashion-mnist-w4a4.hqm", "--modes",
                "quant,hequant,hequant@lan", "--repeat", "2");
        Matcher samples = Pattern.compile("\"wall_ms_samples\": \\[(\\d+), (\\d+)\\]").matcher(json);
        assertTrue(samples.find() && samples.find() && samples.find(), "two samples per mode: " + json);
        assertTrue(json.contains("\"hequant@lan\": {"), json);
        assertTrue(json.contains("\"cpu_ms_samples\": ["), json);
        Matcher linear = Pattern.compile("\"linear_bytes_predicted\": (\\d+), \"q_bits\": \"[^\"]+\", \"degree\": \\d+, "
                + "\"linear_bytes\": (\\d+)").matcher(json);
        int modes = 0;
        while (linear.find()) {
            assertEquals(linear.group(1), linear.group(2), json);
            modes++;
        }
        assertEquals(3, modes, json);
        assertTrue(json.contains("\"agreement\": 1.0"), json);
        // Each party's thread CPU is part of the process's CPU over the same images.
        Matcher cpu = Pattern.compile("\"cpu_ms\": (\\d+), \"client_cpu_ms\": ([0-9.]+), \"server_cpu_ms\": ([0-9.]+)")
                .matcher(json);
        int parties = 0;
        while (cpu.find()) {
            double client = Double.parseDouble(cpu.group(2));
            double server = Double.parseDouble(cpu.group(3));
            assertTrue(client > 0 && server > 0, json);
            assertTrue(client + server <= Long.parseLong(cpu.group(1)) + 1.5, json);
            parties++;
        }
        assertEquals(3, parties, json);
        // The line reads back into the command's record and writes the same line again.
        NetworkBenchResult r = Json.readRecord(json, NetworkBenchResult.class);
        assertEquals(json, Json.record(r));
        assertEquals(List.of("quant", "hequant", "hequant@lan"), List.copyOf(r.modes().keySet()));
        r.modes().values().forEach(m -> {
            assertTrue(within(m.wallMs(), m.wallMsSamples()) && within(m.cpuMs(), m.cpuMsSamples()), json);
            assertEquals(m.linearBytesPredicted(), m.linearBytes(), json);
        });
    }

    @Test
    void linearOnlyRunsPrintThePlannersBytesOnly() {
        String json = CommandOutput.of("bench", "network", "--model", "../models/demo/fashion-mnist-w4a4.hqm", "--modes",
                "cheetah,hequant", "--linear-only");
        NetworkBenchResult r = Json.readRecord(json, NetworkBenchResult.class);
        assertEquals(json, Json.record(r));
        assertEquals(0, r.images());
        for (String mode : List.of("cheetah", "hequant")) {
            Matcher row = Pattern.compile("\"" + Pattern.quote(mode) + "\": \\{\"linear_bytes_predicted\": (\\d+), "
                    + "\"q_bits\": \"[^\"]+\", \"degree\": \\d+, \"linear_bytes\": (\\d+)\\}").matcher(json);
            assertTrue(row.find(), mode + " has keys other than the planner's: " + json);
            assertEquals(row.group(1), row.group(2), json);
        }
        assertTrue(r.modes().get("hequant").linearBytes() < r.modes().get("cheetah").linearBytes(), json);
    }

    /** A median lies between the least and the greatest sample. */
    private static boolean within(long median, List<Long> samples) {
        return samples.stream().allMatch(x -> x >= 0) && java.util.Collections.min(samples) <= median
                && median <= java.util.Collections.max(samples);
    }
}
