package org.hequant.spark;

import java.nio.ByteBuffer;
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
 * What a JVM derives from the broadcast model and plan: the model, the public plan, the plaintext engine and
 * the server's layers. The driver plans once and broadcasts the encoded plan with the model ({@link #bundle});
 * executors decode it rather than re-run the planner, so every task runs the driver's layouts. Built once per
 * JVM rather than once per task; one entry, so that a long-lived JVM (local mode, tests) does not keep every
 * earlier job's model. Also caches the sessions' keys tile tasks need.
 */
record PreparedModel(long broadcast, QuantizedModel model, InferencePlan plan, IntegerEngine engine,
        ServerLayers layers) {
    /** A JVM's sessions' keys are few at a time (one per image in flight); more means old batches'. */
    private static final int KEYS_KEPT = 64;
    private static PreparedModel latest;
    private static final Map<Long, ServerKeys> KEYS = new HashMap<>();

    /** A broadcast {@link #bundle}'s model and plan, decoded once per JVM. */
    static synchronized PreparedModel of(Broadcast<byte[]> bundle) {
        if (latest == null || latest.broadcast() != bundle.id()) {
            ByteBuffer b = ByteBuffer.wrap(bundle.value());
            byte[] model = new byte[b.getInt()];
            b.get(model);
            byte[] encodedPlan = new byte[b.remaining()];
            b.get(encodedPlan);
            QuantizedModel m = ModelFile.fromBytes("broadcast model", model);
            InferencePlan plan = InferencePlan.decode(encodedPlan);
            latest = new PreparedModel(bundle.id(), m, plan, new IntegerEngine(m), new ServerLayers(m, plan));
        }
        return latest;
    }

    /** What the driver broadcasts: the model file's length and bytes, then the encoded plan. */
    static byte[] bundle(QuantizedModel model, InferencePlan plan) {
        byte[] m = ModelFile.toBytes(model);
        byte[] p = plan.encode();
        return ByteBuffer.allocate(4 + m.length + p.length).putInt(m.length).put(m).put(p).array();
    }

    /** The driver's plan for the run's settings, which the tasks receive in the {@link #bundle}. */
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
