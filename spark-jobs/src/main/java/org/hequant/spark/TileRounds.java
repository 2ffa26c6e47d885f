package org.hequant.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.hequant.protocols.linear.ResponseRequest;
import org.hequant.protocols.linear.ResponseTile;

/**
 * The driver's sequencing of the tiles schedule. Each image in flight reaches its linear layers in turn;
 * its server step hands its request here and waits. Once every image still in flight is waiting, the
 * requests form one round, run as one Spark job whose tasks are (image, layer, tile) tiles, and each
 * image gets its responses back and goes on with its nonlinear steps. All images run the same layers in
 * the same order, so a round holds one layer of every image in flight.
 */
final class TileRounds {
    /** One image's server step: its layer's request and how many responses the layer has. */
    record Request(Broadcast<SessionKeys> keys, long image, int step, String layer, int responses,
            ResponseRequest request) {
    }

    private record Waiting(Request request, CompletableFuture<List<ResponseTile>> tiles) {
    }

    private final JavaSparkContext sc;
    private final TileEvaluator evaluator;
    private final int parallelism;
    private final String description;
    private final List<Waiting> waiting = new ArrayList<>();
    private int inFlight;
    private int rounds;

    /**
     * @param inFlight the images that will call {@link #compute} until they {@link #leave}
     * @param parallelism the task slots one round should fill
     */
    TileRounds(JavaSparkContext sc, TileEvaluator evaluator, int inFlight, int parallelism, String description) {
        this.sc = sc;
        this.evaluator = evaluator;
        this.inFlight = inFlight;
        this.parallelism = parallelism;
        this.description = description;
    }

    /** The request's responses as tiles in order; blocks until its round has run. */
    List<ResponseTile> compute(Request request) {
        Waiting w = new Waiting(request, new CompletableFuture<>());
        List<Waiting> round;
        synchronized (this) {
            waiting.add(w);
            round = takeFullRound();
        }
        if (round != null) {
            run(round);
        }
        try {
            return w.tiles().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** A session has no more images (or failed): the others no longer wait for it. */
    void leave() {
        List<Waiting> round;
        synchronized (this) {
            inFlight--;
            round = takeFullRound();
        }
        if (round != null) {
            run(round);
        }
    }

    private List<Waiting> takeFullRound() {
        if (waiting.isEmpty() || waiting.size() < inFlight) {
            return null;
        }
        List<Waiting> round = new ArrayList<>(waiting);
        waiting.clear();
        rounds++;
        return round;
    }

    /**
     * One Spark job for the round, in the thread of the step that completed it (every other image of the
     * round is waiting). Each layer is cut into enough tiles that the round fills the task slots: cutting
     * finer would only repeat the tiles' shared work (parsing and expanding the uploads they read).
     */
    private void run(List<Waiting> round) {
        int tilesEach = Math.max(1, (parallelism + round.size() - 1) / round.size());
        List<TileTask> tasks = new ArrayList<>();
        int[] counts = new int[round.size()];
        for (int i = 0; i < round.size(); i++) {
            Request r = round.get(i).request();
            int tiles = Math.min(tilesEach, r.responses());
            counts[i] = tiles;
            for (int t = 0; t < tiles; t++) {
                tasks.add(new TileTask(r.keys(), r.image(), r.step(), r.layer(), t, (int) ((long) r.responses() * t / tiles),
                        (int) ((long) r.responses() * (t + 1) / tiles), r.request()));
            }
        }
        try {
            Request first = round.get(0).request();
            sc.setJobDescription(String.format("%s: round %d, %s of %d images, %d tiles", description, rounds,
                    first.layer(), round.size(), tasks.size()));
            List<ResponseTile> out = sc.parallelize(tasks, tasks.size()).map(evaluator).collect();
            int k = 0;
            for (int i = 0; i < round.size(); i++) {
                round.get(i).tiles().complete(out.subList(k, k + counts[i]));
                k += counts[i];
            }
        } catch (RuntimeException e) {
            round.forEach(w -> w.tiles().completeExceptionally(e));
        }
    }
}
