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
     * and the LAN and WAN estimates from the median wall time; what a run does not have is left out.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Mode(long linearBytesPredicted, String qBits, int degree, long linearBytes, Long nonlinearBytes,
            Long otPreprocessingBytes, Long bytesTotal, Long setupBytes, Long rounds, Double agreement, Long wallMs,
            Long cpuMs, Double clientCpuMs, Double serverCpuMs, Long lanMs, Long wanMs, List<Long> wallMsSamples,
            List<Long> cpuMsSamples) {

        static Mode linearOnly(long predicted, String qBits, int degree) {
            return new Mode(predicted, qBits, degree, predicted, null, null, null, null, null, null, null, null, null,
                    null, null, null, null, null);
        }
    }
}
