package org.hequant.spark;

import java.util.List;
import java.util.Map;

/** The HTML page of a BFV evaluation: the plan and headline figures, the channel chart and the channels' table. */
final class BfvReportPage {
    private static final String[] HEADLINE = {"model", "protocol", "layout", "dataset", "master", "degree", "log_q",
        "plaintext_primes", "depth", "images", "batches", "channels", "accuracy", "agreement", "logits_equal",
        "upload_bytes_per_batch", "result_bytes_per_batch", "upload_bytes_per_image", "result_bytes_per_image",
        "channel_ms", "channel_cpu_ms", "batch_ms", "amortised_ms_per_image", "task_ms_per_image", "wall_s",
        "noise_budget_min"};

    private BfvReportPage() {
    }

    static String html(Map<String, Object> s) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>hequant evaluation: ")
                .append(ReportPage.escape(s.get("model"))).append(" (bfv)</title>\n<style>body{font-family:sans-serif;"
                        + "margin:2em;}table{border-collapse:collapse;margin:1em 0;}td,th{border:1px solid #ccc;"
                        + "padding:3px 8px;text-align:right;}th{background:#f4f4f4;}td:first-child,th:first-child{"
                        + "text-align:left;}</style></head><body>\n");
        b.append("<h1>Non-interactive BFV inference of ").append(ReportPage.escape(s.get("model")))
                .append(" (batch-axis)</h1>\n");
        b.append("<p>One Spark task per (batch of up to N images, CRT prime) channel: the client encrypts the batch "
                + "mod that prime, the server evaluates the whole network, the client decrypts; a batch's channels "
                + "are recombined by the CRT. Bytes are those of the serialized ciphertexts; a channel's time is its "
                + "task's wall and CPU time, key generation included.</p>\n<table>\n");
        for (String key : HEADLINE) {
            b.append("<tr><th>").append(key).append("</th><td>").append(ReportPage.escape(s.get(key)))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n<h2>CRT channels</h2>\n<img src=\"channels.png\" alt=\"time per channel\">\n");
        b.append(ReportPage.table((List<?>) s.get("channel_rows")));
        return b.append("</body></html>\n").toString();
    }
}
