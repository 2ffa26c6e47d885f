package org.hequant.spark;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.hequant.protocols.linear.ResponseTile;

/**
 * The executor side of the tiles schedule: computes one tile of a layer's responses with the server's
 * weights (from the broadcast model) and the image's session keys (broadcast by the driver). A tile is a
 * pure function of the task, so a retried or recomputed task returns the same bytes. Its CPU time is
 * counted as the server's for the layer, and each tile task once (result-stage updates).
 */
final class TileEvaluator implements Function<TileTask, ResponseTile> {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Broadcast<byte[]> model;
    private final EvaluationSettings settings;
    private final FaultInjection fault;
    private final JobAccumulators acc;

    TileEvaluator(Broadcast<byte[]> model, EvaluationSettings settings, FaultInjection fault, JobAccumulators acc) {
        this.model = model;
        this.settings = settings;
        this.fault = fault;
        this.acc = acc;
    }

    @Override
    public ResponseTile call(TileTask task) {
        fault.beforeTile(task.image(), task.step(), task.tile());
        long start = THREADS.getCurrentThreadCpuTime();
        PreparedModel p = PreparedModel.of(model);
        ResponseTile tile = p.layers().server(task.layer(), p.keys(task.keys()))
                .computeTile(task.request(), task.from(), task.to());
        acc.cpuNanos().add(Map.of(task.layer(), new long[] {0, THREADS.getCurrentThreadCpuTime() - start}));
        acc.tiles().add(1);
        return tile;
    }
}
