package org.hequant.spark;

import java.util.Map;
import java.util.TreeMap;
import org.hequant.engine.InProcessInference;
import org.hequant.models.engine.IntegerEngine;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TrafficMeter;

/**
 * Runs images through one session and counts what each sent, by label and direction, into the job's
 * accumulators (the session's set-up separately). Updates are made under the accumulators' lock because
 * the tile schedule's sessions share the driver's accumulators across threads.
 */
final class SessionRecorder {
    private final InProcessInference run;
    private final IntegerEngine engine;
    private final JobAccumulators acc;
    private TrafficDelta before;

    SessionRecorder(InProcessInference run, IntegerEngine engine, JobAccumulators acc) {
        this.run = run;
        this.engine = engine;
        this.acc = acc;
        TrafficMeter meter = run.meter();
        synchronized (acc) {
            acc.setupBytes().add(meter.bytesSentBy(Party.CLIENT) + meter.bytesSentBy(Party.SERVER));
            acc.sessions().add(1);
        }
        before = TrafficDelta.of(meter);
    }

    /** The image's private and plaintext predictions and its bytes; its counts go to the accumulators. */
    ImageResult run(ImageInput image) {
        long start = System.nanoTime();
        int privatePrediction = run.infer(image.input()).label();
        double ms = (System.nanoTime() - start) / 1e6;
        int plainPrediction = IntegerEngine.argmax(engine.run(image.input()));
        TrafficDelta now = TrafficDelta.of(run.meter());
        TrafficDelta d = now.since(before);
        before = now;
        synchronized (acc) {
            acc.bytes().add(d.bytesByLabel());
            acc.flightsByLabel().add(d.flightsByLabel());
            acc.flights().add(d.flights());
            acc.images().add(1);
        }
        return new ImageResult(image.id(), image.label(), privatePrediction, plainPrediction, d.bytes(0), d.bytes(1), ms);
    }

    /** The session's CPU time by layer of each party's thread, into the accumulators; call once, at the end. */
    void addCpu() {
        Map<String, long[]> cpu = new TreeMap<>();
        run.clientCpuNanos().forEach((layer, ns) -> cpu.computeIfAbsent(layer, k -> new long[2])[0] += ns);
        run.serverCpuNanos().forEach((layer, ns) -> cpu.computeIfAbsent(layer, k -> new long[2])[1] += ns);
        synchronized (acc) {
            acc.cpuNanos().add(cpu);
        }
    }
}
