package org.hequant.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hequant.cli.bench.KernelBenchResult;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.report.Json;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KernelBenchCommandTest {
    @Test
    void benchKernelsJsonPrintsEveryKeyTheIssueNames() {
        String json = CommandOutput.of("bench", "kernels", "--json", "--in-process", "--samples", "3", "--inner", "2",
                "--warmup-ms", "5");
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        for (String key : List.of("ntt_forward_n4096_us", "ntt_inverse_n4096_us", "ntt_forward_n8192_us",
                "ct_pt_mul_n4096_us", "encrypt_seeded_n4096_us", "decrypt_n4096_us")) {
            Matcher m = Pattern.compile("\"" + key + "\": ([0-9.]+)").matcher(json);
            assertTrue(m.find(), key + " missing in " + json);
            assertTrue(Double.parseDouble(m.group(1)) > 0, key);
        }
        Matcher bytes = Pattern.compile("\"seeded_ciphertext_bytes_n4096\": ([0-9]+)").matcher(json);
        assertTrue(bytes.find());
        // A seeded ciphertext on the wire: 10-byte header, form byte, 16-byte seed, then c0's N coefficients at
        // bitLength(q_i) bits per prime, bit-packed.
        RlweContext ctx = RlweContext.cheetah4096();
        int bits = 0;
        for (int i = 0; i < 2; i++) {
            bits += ctx.basisAtLevel(2).modulus(i).bitLength();
        }
        assertEquals(109, bits);
        assertEquals(10 + 1 + 16 + (4096 * bits + 7) / 8, Integer.parseInt(bytes.group(1)));
        assertTrue(json.contains("\"java_version\": \"" + System.getProperty("java.version") + "\""));
        Matcher counters = Pattern.compile("\"ct_pt_mul_n4096_us\": \\{\"fork_medians_us\": \\[([0-9.]+)\\], "
                + "\"page_faults_per_call\": \\[(-?[0-9.]+)\\], \"gc_ms\": \\[([0-9.]+)\\]\\}").matcher(json);
        assertTrue(counters.find(), "counters missing: " + json);
        // The line reads back into the command's record and writes the same line again; one JVM's median is the
        // figure.
        KernelBenchResult r = Json.readRecord(json, KernelBenchResult.class);
        assertEquals(json, Json.record(r));
        assertEquals(Integer.parseInt(bytes.group(1)), r.seededCiphertextBytesN4096());
        assertEquals(List.of(r.timings().get("ct_pt_mul_n4096_us")), r.counters().get("ct_pt_mul_n4096_us").forkMediansUs());
        assertTrue(json.indexOf("\"seeded_ciphertext_bytes_n4096\"") < json.indexOf("\"ntt_forward_n4096_us\"")
                && json.indexOf("\"decrypt_ntt_form_n4096_us\"") < json.indexOf("\"counters\""), json);
    }

    @Test
    void forkedBenchmarksReportTheChildMeasurement() {
        String out = CommandOutput.of("bench", "kernels", "--only", "ntt_inverse_n4096_us", "--forks", "1", "--samples",
                "3", "--inner", "2", "--warmup-ms", "5");
        Matcher m = Pattern.compile("ntt_inverse_n4096_us = ([0-9.]+)").matcher(out);
        assertTrue(m.find(), out);
        assertTrue(Double.parseDouble(m.group(1)) > 0);
        // The child's fault count travels to the parent (it would read -1.0 if lost).
        Matcher faults = Pattern.compile("ntt_inverse_n4096_us.page_faults_per_call = ([0-9.]+)").matcher(out);
        assertTrue(faults.find(), out);
    }

    @Test
    void unknownBenchmarkKeyFails() {
        int code = Hequant.commandLine().execute("bench", "kernels", "--in-process", "--only", "nope");
        assertTrue(code != 0);
    }

    @Test
    void helpListsTheBenchCommand() {
        CommandLine cli = Hequant.commandLine();
        assertTrue(cli.getUsageMessage().contains("bench"));
        assertTrue(cli.getSubcommands().get("bench").getSubcommands().containsKey("kernels"));
    }
}
