package org.hequant.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A network's bandwidth and round-trip time, turning measured bytes, round trips and compute time into
 * an end-to-end latency estimate: compute + bytes * 8 / bandwidth + round trips * RTT.
 */
public record NetworkProfile(String name, double bandwidthMbitPerS, double rttMs) implements Serializable {
    public static final NetworkProfile LAN = new NetworkProfile("lan", 3000, 0.3);
    public static final NetworkProfile WAN = new NetworkProfile("wan", 400, 40);

    public double estimateMs(long bytes, long roundTrips, double computeMs) {
        return computeMs + transferMicros(bytes) / 1e3 + roundTrips * rttMs;
    }

    /** The time {@code bytes} take to cross the link, in microseconds (one bit per microsecond is 1 Mbit/s). */
    public double transferMicros(long bytes) {
        return bytes * 8.0 / bandwidthMbitPerS;
    }

    /** Reads {@code name.bandwidth_mbit_s} and {@code name.rtt_ms} from a properties file, else the default. */
    public static NetworkProfile load(Path file, NetworkProfile fallback) {
        if (file == null || !Files.isRegularFile(file)) {
            return fallback;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read network profiles " + file + ": " + e.getMessage(), e);
        }
        String n = fallback.name();
        try {
            return new NetworkProfile(n,
                    Double.parseDouble(p.getProperty(n + ".bandwidth_mbit_s", String.valueOf(fallback.bandwidthMbitPerS()))),
                    Double.parseDouble(p.getProperty(n + ".rtt_ms", String.valueOf(fallback.rttMs()))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": profile '" + n + "' has a non-numeric value", e);
        }
    }
}
