package org.hequant.spark;

import java.util.Map;
import java.util.TreeMap;
import org.hequant.protocols.channel.TrafficMeter;

/**
 * What a meter counted between two moments: bytes by label ({client, server}) and flights by label and in
 * total. The evaluator takes one per image, so that a session's set-up is not charged to its images.
 */
record TrafficDelta(Map<String, long[]> bytesByLabel, Map<String, long[]> flightsByLabel, long flights) {

    /** Everything counted so far, as a delta from nothing. */
    static TrafficDelta of(TrafficMeter meter) {
        Map<String, long[]> flights = new TreeMap<>();
        meter.flightsByLabel().forEach((k, v) -> flights.put(k, new long[] {v}));
        return new TrafficDelta(meter.byLabel(), flights, meter.flights());
    }

    /** This minus an earlier state of the same meter; labels with nothing new are left out. */
    TrafficDelta since(TrafficDelta earlier) {
        return new TrafficDelta(minus(bytesByLabel, earlier.bytesByLabel), minus(flightsByLabel, earlier.flightsByLabel),
                flights - earlier.flights);
    }

    private static Map<String, long[]> minus(Map<String, long[]> now, Map<String, long[]> before) {
        Map<String, long[]> d = new TreeMap<>();
        for (Map.Entry<String, long[]> e : now.entrySet()) {
            long[] b = before.get(e.getKey());
            long[] v = e.getValue().clone();
            boolean any = false;
            for (int i = 0; i < v.length; i++) {
                v[i] -= b == null ? 0 : b[i];
                any |= v[i] != 0;
            }
            if (any) {
                d.put(e.getKey(), v);
            }
        }
        return d;
    }

    /** Bytes sent by the client ({@code column} 0) or the server (1), preprocessing excluded as the meter does. */
    long bytes(int column) {
        long sum = 0;
        for (Map.Entry<String, long[]> e : bytesByLabel.entrySet()) {
            if (!TrafficMeter.isPreprocessing(e.getKey())) {
                sum += e.getValue()[column];
            }
        }
        return sum;
    }
}
