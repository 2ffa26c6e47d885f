package org.hequant.spark;

import java.util.List;
import java.util.Map;
import org.hequant.report.Json;

/** The self-contained HTML page of an evaluation: headline figures, the charts, per-layer and per-mode tables. */
final class ReportPage {
    private static final String[] HEADLINE = {"model", "protocol", "reveal", "dataset", "master", "images", "accuracy",
        "agreement", "images_per_s", "wall_s", "bytes_total", "bytes_he", "bytes_ot", "bytes_ot_preprocessing", "rounds",
        "image_ms", "client_cpu_ms", "server_cpu_ms", "lan_ms", "wan_ms", "setup_bytes", "job_seed"};

    private final Evaluation evaluation;

    ReportPage(Evaluation evaluation) {
        this.evaluation = evaluation;
    }

    String html() {
        Map<String, Object> s = Json.fields(evaluation.summary());
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>hequant evaluation: ")
                .append(escape(s.get("model"))).append("</title>\n<style>body{font-family:sans-serif;margin:2em;}"
                        + "table{border-collapse:collapse;margin:1em 0;}td,th{border:1px solid #ccc;padding:3px 8px;"
                        + "text-align:right;}th{background:#f4f4f4;}td:first-child,th:first-child{text-align:left;}"
                        + "</style></head><body>\n");
        b.append("<h1>Private inference of ").append(escape(s.get("model"))).append(" (")
                .append(escape(s.get("protocol"))).append(")</h1>\n");
        b.append("<p>Bytes are per image, counted from the serialized messages of both parties (session set-up "
                + "excluded); latency estimates add bytes / bandwidth and round trips x RTT of "
                + "conf/network-profiles.properties to the measured compute time.</p>\n<table>\n");
        for (String key : HEADLINE) {
            b.append("<tr><th>").append(key).append("</th><td>").append(escape(s.get(key))).append("</td></tr>\n");
        }
        b.append("</table>\n<h2>Bytes per layer</h2>\n<img src=\"bytes-per-layer.png\" alt=\"bytes per layer\">\n");
        b.append(table((List<?>) s.get("layers")));
        if (!evaluation.modes().isEmpty()) {
            b.append("<h2>Protocol modes compared</h2>\n<p>Each mode run in-process on the driver on the first ")
                    .append("image(s) of the dataset.</p>\n<img src=\"modes.png\" alt=\"modes compared\">\n")
                    .append("<img src=\"latency.png\" alt=\"latency\">\n").append(table((List<?>) s.get("modes")));
        }
        return b.append("</body></html>\n").toString();
    }

    static String table(List<?> rows) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<table>\n<tr>");
        for (Object key : ((Map<?, ?>) rows.get(0)).keySet()) {
            b.append("<th>").append(escape(key)).append("</th>");
        }
        b.append("</tr>\n");
        for (Object row : rows) {
            b.append("<tr>");
            for (Object v : ((Map<?, ?>) row).values()) {
                b.append("<td>").append(escape(v)).append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table>\n").toString();
    }

    static String escape(Object v) {
        return String.valueOf(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
