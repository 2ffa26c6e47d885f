package org.hequant.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What {@code bench network} prints: one network at one bit configuration, a row per protocol mode in the order
 * of --modes (tools/ablation reads it). {@code images} is 0 for a linear-only run.
 */
record NetworkBenchResult(String model, String bits, int images, Map<String, Mode> modes) {

    /**
     * One mode's figures per image. A linear-only run has the planner's linear bytes only (the metered ones equal to
     * them); a whole-network run adds what the meter counted, the medians of the timed rounds (their samples last),
     * and the LAN and WAN estimates from the median wall time.
     */
    record Mode(long linearBytesPredicted, String qBits, int degree, long linearBytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long nonlinearBytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long otPreprocessingBytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long bytesTotal,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long setupBytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long rounds,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double agreement,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long wallMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long cpuMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double clientCpuMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double serverCpuMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long lanMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long wanMs,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Long> wallMsSamples,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Long> cpuMsSamples) {

        static Mode linearOnly(long predicted, String qBits, int degree) {
            return new Mode(predicted, qBits, degree, predicted, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null);
        }
    }
}
