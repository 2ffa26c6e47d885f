package org.hequant.spark;

import java.util.List;
import org.hequant.report.LayerRow;

/**
 * The figures of an interactive evaluation, written to {@code summary.json} (snake_case names, this order) and
 * {@code summary.csv}. Bytes, rounds and times are per image unless named otherwise; the total adds the silent OT
 * extension's preprocessing, amortised over the images of the sessions. {@code lan_ms} and {@code wan_ms} are the
 * latency estimates of the network profiles; {@code setup_bytes} is per session.
 */
public record EvaluationSummary(String model, String protocol, String objective, String ringWidths, String reveal,
        String dataset, String master, String schedule, int imagesInFlight, long jobSeed, int ringBits, int images,
        double accuracy, double agreement, double wallS, double imagesPerS, long bytesTotal, long bytesHe, long bytesOt,
        long bytesOtPreprocessing, long bytesClientToServer, long bytesServerToClient, long bytesAllImages, long rounds,
        double imageMs, double clientCpuMs, double serverCpuMs, long lanMs, long wanMs, long sessions, long setupBytes,
        long tileTasks, List<LayerRow> layers, List<ModeRow> modes) {

    /** One protocol mode's row of the comparison run on the driver ({@link ModeComparison}). */
    public record ModeRow(String protocol, long bytesHe, long bytesOt, long bytesTotal, long rounds, double inProcessMs,
            long lanMs, long wanMs) {
    }
}
