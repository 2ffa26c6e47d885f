package org.hequant.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.hequant.engine.InProcessInference;

/**
 * One batch under the tiles schedule. The driver runs the batch's images in a few sessions at once (the
 * images in flight), each session both parties on two driver threads, so every image's party state (shares,
 * OT extension state, the client's secret key) stays on the driver between rounds and no RDD lineage
 * grows with the network's depth. Client steps and nonlinear (OT) steps run there; each linear layer's
 * server HE work goes to the executors through {@link TileRounds}.
 *
 * <p>Session i takes images i, i + k, i + 2k, ... of the batch (k sessions), seeded from the job seed and
 * its first image, so a rerun repeats every transcript; tile tasks are pure, so a lost executor or a retried
 * task changes nothing.
 */
final class TiledBatch {
    private final JavaSparkContext sc;
    private final Broadcast<byte[]> model;
    private final EvaluationSettings settings;
    private final JobAccumulators acc;
    private final TileEvaluator evaluator;

    TiledBatch(JavaSparkContext sc, Broadcast<byte[]> model, EvaluationSettings settings, FaultInjection fault,
            JobAccumulators acc) {
        this.sc = sc;
        this.model = model;
        this.settings = settings;
        this.acc = acc;
        this.evaluator = new TileEvaluator(model, settings, fault, acc);
    }

    /** The images in flight: the setting, else Spark's default parallelism. */
    int imagesInFlight() {
        return settings.imagesInFlight() > 0 ? settings.imagesInFlight() : sc.defaultParallelism();
    }

    List<ImageResult> run(List<ImageInput> batch, String description) {
        int sessions = Math.min(imagesInFlight(), batch.size());
        ExecutorService threads = Executors.newFixedThreadPool(sessions);
        try (TileRounds rounds = new TileRounds(sc, evaluator, sc.defaultParallelism(), description)) {
            List<Future<List<ImageResult>>> lanes = new ArrayList<>();
            for (int i = 0; i < sessions; i++) {
                int first = i;
                lanes.add(threads.submit(() -> session(batch, first, sessions, rounds)));
            }
            List<ImageResult> results = new ArrayList<>();
            for (Future<List<ImageResult>> lane : lanes) {
                results.addAll(lane.get());
            }
            results.sort(Comparator.comparingLong(ImageResult::id));
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            threads.shutdownNow();
        }
    }

    private List<ImageResult> session(List<ImageInput> batch, int first, int step, TileRounds rounds) {
        PreparedModel p = PreparedModel.of(model);
        LaneTiles tiles = new LaneTiles(sc, rounds);
        List<ImageResult> results = new ArrayList<>();
        try (InProcessInference run = new InProcessInference(p.layers(), p.plan(),
                TaskEvaluator.seed(settings.jobSeed(), batch.get(first).id()), tiles)) {
            SessionRecorder recorder = new SessionRecorder(run, p.engine(), acc);
            for (int i = first; i < batch.size(); i += step) {
                tiles.startImage(batch.get(i).id());
                results.add(recorder.run(batch.get(i)));
            }
            recorder.addCpu();
        } finally {
            tiles.release();
        }
        return results;
    }
}
