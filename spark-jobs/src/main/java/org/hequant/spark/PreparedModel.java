package org.hequant.spark;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;
import org.hequant.engine.InferencePlan;
import org.hequant.engine.ServerKeys;
import org.hequant.engine.ServerLayers;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.models.io.ModelFile;
import org.hequant.models.ir.QuantizedModel;

/**
 * What a JVM derives from the broadcast model: the model, the public plan, the plaintext engine and the
 * server's layers. Built once per JVM rather than once per task; one entry, so that a long-lived JVM (local
 * mode, tests) does not keep every earlier job's model. Also caches the sessions' keys tile tasks need.
 */
record PreparedModel(long broadcast, QuantizedModel model, InferencePlan plan, IntegerEngine engine,
        ServerLayers layers) {
    /** A JVM's sessions' keys are few at a time (one per image in flight); more means old batches'. */
    private static final int KEYS_KEPT = 64;
    private static PreparedModel latest;
    private static final Map<Long, ServerKeys> KEYS = new HashMap<>();

    static synchronized PreparedModel of(Broadcast<byte[]> model, EvaluationSettings settings) {
        if (latest == null || latest.broadcast() != model.id()) {
            QuantizedModel m = ModelFile.fromBytes("broadcast model", model.value());
            InferencePlan plan = planFor(m, settings);
            latest = new PreparedModel(model.id(), m, plan, new IntegerEngine(m), new ServerLayers(m, plan));
        }
        return latest;
    }

    /** The plan both the driver and the tasks derive from the model; the same inputs give the same plan. */
    static InferencePlan planFor(QuantizedModel m, EvaluationSettings settings) {
        return InferencePlan.forModel(m, settings.tiling(), settings.protocol(), settings.objective(),
                settings.ringWidths()).withReveal(settings.reveal());
    }

    /** A session's keys, decoded once per JVM. */
    ServerKeys keys(Broadcast<SessionKeys> keys) {
        synchronized (KEYS) {
            ServerKeys k = KEYS.get(keys.id());
            if (k == null) {
                if (KEYS.size() >= KEYS_KEPT) {
                    KEYS.clear();
                }
                k = keys.value().decode(plan.context());
                KEYS.put(keys.id(), k);
            }
            return k;
        }
    }
}
