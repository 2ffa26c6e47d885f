package org.hequant.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The counters a job's tasks report, registered under names that the Spark UI shows on each stage:
 * bytes by message label ("layer|message") and direction {client to server, server to client}, flights,
 * CPU time by layer and party, images done (the progress line reads it), the sessions' set-up bytes, and
 * the tile tasks of the tiles schedule.
 */
record JobAccumulators(VectorSumAccumulator bytes, VectorSumAccumulator flightsByLabel, LongAccumulator flights,
        VectorSumAccumulator cpuNanos, LongAccumulator images, LongAccumulator setupBytes, LongAccumulator sessions,
        LongAccumulator tiles) implements Serializable {

    static JobAccumulators register(SparkContext sc) {
        VectorSumAccumulator bytes = new VectorSumAccumulator();
        VectorSumAccumulator flightsByLabel = new VectorSumAccumulator();
        VectorSumAccumulator cpu = new VectorSumAccumulator();
        sc.register(bytes, "bytes by layer|message and direction (client->server, server->client)");
        sc.register(flightsByLabel, "flights by layer|message");
        sc.register(cpu, "cpu ns by layer (client, server)");
        return new JobAccumulators(bytes, flightsByLabel, sc.longAccumulator("flights"), cpu,
                sc.longAccumulator("images done"), sc.longAccumulator("session set-up bytes"),
                sc.longAccumulator("sessions"), sc.longAccumulator("tile tasks"));
    }
}
