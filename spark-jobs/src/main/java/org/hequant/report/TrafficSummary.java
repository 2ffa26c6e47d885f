package org.hequant.report;

import java.util.LinkedHashMap;
import java.util.Map;
import org.hequant.protocols.channel.ScopedChannel;

/**
 * Per-image traffic of a run from a meter's labels "layer|message": HE messages are the layers'
 * "upload" and "response"; everything else (OT, comparisons, the output shares) is OT-based traffic.
 * A layer's rounds count the flights its messages opened; its times are each party's thread CPU time.
 * The counts come either from one {@code TrafficMeter} (in-process runs) or summed over many sessions
 * (the Spark evaluator's accumulators); the labels mean the same in both. Set-up and preprocessing traffic
 * belong to sessions, not layers: set-up is left out, preprocessing is reported apart.
 */
public final class TrafficSummary {
    /** Column order of {@link #layers()}. */
    public static final String[] COLUMNS = {"he_client_to_server", "ot_client_to_server", "he_server_to_client",
        "ot_server_to_client"};

    private final Map<String, long[]> layers = new LinkedHashMap<>();
    private final Map<String, Long> layerFlights = new LinkedHashMap<>();
    private final long total;
    private final long he;
    private final long preprocessing;
    private final long roundTrips;

    /**
     * @param bytesByLabel {client bytes, server bytes} per label, as {@code TrafficMeter.byLabel()}
     * @param flightsByLabel flights by the label that opened them, as {@code TrafficMeter.flightsByLabel()}
     * @param flights all flights of the inferences (set-up excluded)
     * @param order the network's node names, so that layer rows follow the network
     */
    public TrafficSummary(Map<String, long[]> bytesByLabel, Map<String, Long> flightsByLabel, long flights, int images,
            java.util.List<String> order) {
        for (String name : order) {
            layers.put(name, new long[4]);
        }
        long sum = 0;
        long heSum = 0;
        long preSum = 0;
        for (Map.Entry<String, long[]> e : bytesByLabel.entrySet()) {
            String label = e.getKey();
            int bar = label.indexOf(ScopedChannel.SEPARATOR);
            String layer = bar < 0 ? label : label.substring(0, bar);
            String message = bar < 0 ? label : label.substring(bar + 1);
            if (layer.equals("setup")) {
                continue;
            }
            if (layer.equals(ScopedChannel.PREPROCESSING)) {
                preSum += e.getValue()[0] + e.getValue()[1];
                continue;
            }
            boolean isHe = message.equals("upload") || message.equals("response");
            long[] row = layers.computeIfAbsent(layer, k -> new long[4]);
            // Columns: client->server HE, client->server OT, server->client HE, server->client OT.
            row[isHe ? 0 : 1] += e.getValue()[0];
            row[isHe ? 2 : 3] += e.getValue()[1];
            long bytes = e.getValue()[0] + e.getValue()[1];
            sum += bytes;
            heSum += isHe ? bytes : 0;
        }
        for (Map.Entry<String, Long> e : flightsByLabel.entrySet()) {
            int bar = e.getKey().indexOf(ScopedChannel.SEPARATOR);
            layerFlights.merge(bar < 0 ? e.getKey() : e.getKey().substring(0, bar), e.getValue(), Long::sum);
        }
        this.total = sum / images;
        this.he = heSum / images;
        this.preprocessing = preSum / images;
        this.roundTrips = (flights + 1) / 2 / images;
        layers.replaceAll((k, v) -> new long[] {v[0] / images, v[1] / images, v[2] / images, v[3] / images});
        layers.values().removeIf(v -> v[0] + v[1] + v[2] + v[3] == 0);
    }

    /** Bytes per image, both directions, all layers. */
    public long total() {
        return total;
    }

    /**
     * Preprocessing bytes per image (the silent OT extension's, amortised over the images of the sessions):
     * not part of {@link #total()}, whose per-image figures do not depend on how the images were grouped.
     */
    public long preprocessing() {
        return preprocessing;
    }

    /** The HE part of {@link #total()}. */
    public long he() {
        return he;
    }

    public long roundTrips() {
        return roundTrips;
    }

    /**
     * The LAN latency estimate of one image from its bytes (preprocessing included), round trips and measured
     * compute, with the profile of conf/network-profiles.properties when the launcher names it. The preprocessing
     * bytes take bandwidth but no round trips (one-way messages that need not wait for the inference).
     */
    public static long lanMs(long bytes, long roundTrips, double perImageMs) {
        return Math.round(NetworkProfiles.lanAndWan().get(0).estimateMs(bytes, roundTrips, perImageMs));
    }

    /** The WAN estimate, as {@link #lanMs}. */
    public static long wanMs(long bytes, long roundTrips, double perImageMs) {
        return Math.round(NetworkProfiles.lanAndWan().get(1).estimateMs(bytes, roundTrips, perImageMs));
    }

    /** Bytes per image of each layer that sent any, in network order, columns as {@link #COLUMNS}. */
    public Map<String, long[]> layers() {
        return java.util.Collections.unmodifiableMap(layers);
    }

    /** One party's CPU milliseconds per image (to 0.1 ms), from its per-layer thread CPU nanoseconds. */
    public static double cpuMillisPerImage(Map<String, Long> cpuNanosByLayer, int images) {
        long nanos = cpuNanosByLayer.values().stream().mapToLong(Long::longValue).sum();
        return Math.round(nanos / 1e5 / Math.max(images, 1)) / 10.0;
    }

    /** One row per layer that sent any bytes, in network order, for the reports. */
    public java.util.List<LayerRow> layerRows(Map<String, Long> clientCpuNanos, Map<String, Long> serverCpuNanos,
            int images) {
        java.util.List<LayerRow> rows = new java.util.ArrayList<>();
        for (Map.Entry<String, long[]> e : layers.entrySet()) {
            long[] v = e.getValue();
            rows.add(new LayerRow(e.getKey(), v[0], v[1], v[2], v[3],
                    (layerFlights.getOrDefault(e.getKey(), 0L) / images + 1) / 2,
                    Math.round(clientCpuNanos.getOrDefault(e.getKey(), 0L) / 1e5 / images) / 10.0,
                    Math.round(serverCpuNanos.getOrDefault(e.getKey(), 0L) / 1e5 / images) / 10.0));
        }
        return rows;
    }
}
