package org.hequant.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.hequant.report.BarChart;
import org.hequant.report.Json;
import org.hequant.report.TrafficSummary;

/**
 * Writes an evaluation into its output folder (any Hadoop FileSystem path): {@code images.parquet/} (one
 * row per image), {@code summary.json}, {@code summary.csv} (scope, metric, value: the run's figures, then
 * each layer's), and {@code report.html} with its PNG charts; for a BFV evaluation the same files, with each
 * CRT channel's figures instead of the layers'.
 */
final class EvaluationReport {
    static final StructType IMAGE_SCHEMA = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("private_prediction", DataTypes.IntegerType, false)
            .add("plaintext_prediction", DataTypes.IntegerType, false)
            .add("bytes", DataTypes.LongType, false)
            .add("bytes_client_to_server", DataTypes.LongType, false)
            .add("bytes_server_to_client", DataTypes.LongType, false)
            .add("ms", DataTypes.DoubleType, false);
    private static final int CHART_W = 900;
    private static final int CHART_H = 420;
    private static final double MB = 1e6;

    private final SparkSession spark;
    private final Path folder;
    private final FileSystem fs;

    EvaluationReport(SparkSession spark, String out) throws IOException {
        this.spark = spark;
        this.folder = new Path(out);
        this.fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
        // A person opens this folder: no ".name.crc" beside every file on a local disk.
        fs.setWriteChecksum(false);
    }

    void write(Evaluation e) throws IOException {
        fs.mkdirs(folder);
        writeImages(e.images());
        text("summary.json", Json.record(e.summary()) + "\n");
        text("summary.csv", csv(Json.fields(e.summary())));
        file("bytes-per-layer.png", layerChart(e.traffic()).png(CHART_W, CHART_H));
        if (!e.modes().isEmpty()) {
            file("modes.png", modesChart(e.modes()).png(CHART_W, CHART_H));
            file("latency.png", latencyChart(e.modes()).png(CHART_W, CHART_H));
        }
        text("report.html", new ReportPage(e).html());
    }

    /**
     * A BFV evaluation: the same images.parquet (a batch's bytes and time shared by its images), summary.json and
     * summary.csv (the run's figures, then each CRT channel's), the channel chart and the page.
     */
    void write(BfvEvaluation e) throws IOException {
        fs.mkdirs(folder);
        writeImages(e.images());
        Map<String, Object> summary = Json.fields(e.summary());
        text("summary.json", Json.record(e.summary()) + "\n");
        text("summary.csv", csv(summary));
        file("channels.png", channelChart(e.summary()).png(CHART_W, CHART_H));
        text("report.html", BfvReportPage.html(summary));
    }

    private void writeImages(List<ImageResult> images) {
        List<Row> rows = new ArrayList<>();
        for (ImageResult r : images) {
            rows.add(RowFactory.create(r.id(), r.label(), r.privatePrediction(), r.plainPrediction(), r.bytes(),
                    r.bytesClientToServer(), r.bytesServerToClient(), r.ms()));
        }
        spark.createDataFrame(rows, IMAGE_SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite)
                .parquet(new Path(folder, "images.parquet").toString());
    }

    /** Per CRT channel: the mean wall and CPU seconds of its (batch, prime) tasks. */
    static BarChart channelChart(BfvSummary s) {
        List<String> categories = new ArrayList<>();
        double[][] v = new double[2][s.channelRows().size()];
        for (int c = 0; c < s.channelRows().size(); c++) {
            BfvSummary.ChannelRow row = s.channelRows().get(c);
            categories.add("t = " + row.plaintextPrime());
            v[0][c] = row.taskMs() / 1e3;
            v[1][c] = row.taskCpuMs() / 1e3;
        }
        return new BarChart("Time per batch per CRT channel (one Spark task each)", "seconds", categories,
                List.of("task wall", "task CPU"), v);
    }

    static BarChart layerChart(TrafficSummary t) {
        List<String> layers = new ArrayList<>(t.layers().keySet());
        double[][] v = new double[TrafficSummary.COLUMNS.length][layers.size()];
        for (int c = 0; c < layers.size(); c++) {
            long[] row = t.layers().get(layers.get(c));
            for (int s = 0; s < v.length; s++) {
                v[s][c] = row[s] / MB;
            }
        }
        return new BarChart("Bytes per image by layer, kind and direction", "MB per image", layers,
                List.of("HE client->server", "OT client->server", "HE server->client", "OT server->client"), v);
    }

    static BarChart modesChart(List<ModeComparison.ModeResult> modes) {
        double[][] v = new double[2][modes.size()];
        for (int c = 0; c < modes.size(); c++) {
            v[0][c] = modes.get(c).bytesHe() / MB;
            v[1][c] = modes.get(c).bytesOt() / MB;
        }
        return new BarChart("Protocol modes compared: bytes per image", "MB per image",
                modes.stream().map(ModeComparison.ModeResult::mode).toList(), List.of("HE", "OT"), v);
    }

    /** Per mode and network: the measured compute, then the transfer and round-trip time the profile adds. */
    static BarChart latencyChart(List<ModeComparison.ModeResult> modes) {
        List<String> categories = new ArrayList<>();
        double[][] v = new double[2][modes.size() * 2];
        for (int m = 0; m < modes.size(); m++) {
            ModeComparison.ModeResult r = modes.get(m);
            categories.add(r.mode() + " LAN");
            categories.add(r.mode() + " WAN");
            v[0][2 * m] = r.ms() / 1e3;
            v[0][2 * m + 1] = r.ms() / 1e3;
            v[1][2 * m] = (r.lanMs() - r.ms()) / 1e3;
            v[1][2 * m + 1] = (r.wanMs() - r.ms()) / 1e3;
        }
        return new BarChart("Estimated latency per image", "seconds", categories,
                List.of("compute (measured)", "network (bytes / bandwidth + rounds x RTT)"), v);
    }

    static String csv(Map<String, Object> summary) {
        StringBuilder b = new StringBuilder("scope,metric,value\n");
        for (Map.Entry<String, Object> e : summary.entrySet()) {
            if (!(e.getValue() instanceof List)) {
                b.append("run,").append(e.getKey()).append(',').append(csvValue(e.getValue())).append('\n');
            }
        }
        for (Object channel : (List<?>) summary.getOrDefault("channel_rows", List.of())) {
            Map<?, ?> row = (Map<?, ?>) channel;
            for (Map.Entry<?, ?> e : row.entrySet()) {
                if (!e.getKey().equals("channel")) {
                    b.append("channel ").append(row.get("channel")).append(',').append(e.getKey()).append(',')
                            .append(csvValue(e.getValue())).append('\n');
                }
            }
        }
        for (Object layer : (List<?>) summary.getOrDefault("layers", List.of())) {
            Map<?, ?> row = (Map<?, ?>) layer;
            for (Map.Entry<?, ?> e : row.entrySet()) {
                if (!e.getKey().equals("layer")) {
                    b.append(csvValue(row.get("layer"))).append(',').append(e.getKey()).append(',')
                            .append(csvValue(e.getValue())).append('\n');
                }
            }
        }
        for (Object mode : (List<?>) summary.getOrDefault("modes", List.of())) {
            Map<?, ?> row = (Map<?, ?>) mode;
            for (Map.Entry<?, ?> e : row.entrySet()) {
                if (!e.getKey().equals("protocol")) {
                    b.append("mode ").append(csvValue(row.get("protocol"))).append(',').append(e.getKey()).append(',')
                            .append(csvValue(e.getValue())).append('\n');
                }
            }
        }
        return b.toString();
    }

    private static String csvValue(Object v) {
        String s = String.valueOf(v);
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private void text(String name, String content) throws IOException {
        file(name, content.getBytes(StandardCharsets.UTF_8));
    }

    private void file(String name, byte[] content) throws IOException {
        try (OutputStream out = fs.create(new Path(folder, name), true)) {
            out.write(content);
        }
    }
}
