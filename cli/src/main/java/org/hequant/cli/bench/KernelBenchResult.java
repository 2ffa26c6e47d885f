package org.hequant.cli.bench;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code bench kernels} prints: facts that need no timing, then each timed operation's figure under its own
 * key (the lowest of its JVMs' medians, microseconds per call, in {@link KernelBenchmarks#TIMED_KEYS} order), then
 * with --json every JVM's figures per operation ({@code counters}).
 */
@JsonPropertyOrder({"java_version", "ntt_stages", "seeded_ciphertext_bytes_n4096", "timings", "counters"})
public record KernelBenchResult(String javaVersion, String nttStages, int seededCiphertextBytesN4096,
        @JsonAnyGetter @JsonAnySetter Map<String, Double> timings,
        @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Forks> counters) {

    public KernelBenchResult {
        // JSON reads the operations back unordered: report order is restored here.
        Map<String, Double> ordered = new LinkedHashMap<>();
        timings.entrySet().stream().sorted(Comparator.comparingInt(e -> order(e.getKey())))
                .forEach(e -> ordered.put(e.getKey(), e.getValue()));
        timings = ordered;
    }

    private static int order(String key) {
        int i = KernelBenchmarks.TIMED_KEYS.indexOf(key);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    /** One operation's JVMs: each one's median, page faults per call and GC milliseconds of its timed samples. */
    public record Forks(List<Double> forkMediansUs, List<Double> pageFaultsPerCall, List<Double> gcMs) {
    }
}
