package org.hequant.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.hequant.protocols.linear.ResponseRequest;
import org.hequant.protocols.linear.ResponseTile;

/**
 * The driver's sequencing of the tiles schedule. Each image in flight reaches its linear layers in turn;
 * its server step hands its request here and waits for the responses. One thread runs the rounds, one
 * at a time: a round takes every request waiting when it starts and runs them as one Spark job of
 * (image, layer, tile) tasks. An image never waits for another image's nonlinear steps (no barrier):
 * while a round runs, the other images go on with their OT steps, and their next requests form the next
 * round.
 */
final class TileRounds implements AutoCloseable {
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
    private final LinkedBlockingQueue<Waiting> waiting = new LinkedBlockingQueue<>();
    private final Thread rounds;

    /** @param parallelism the task slots one round should fill */
    TileRounds(JavaSparkContext sc, TileEvaluator evaluator, int parallelism, String description) {
        this.sc = sc;
        this.evaluator = evaluator;
        this.parallelism = parallelism;
        this.description = description;
        this.rounds = new Thread(this::runRounds, "hequant tile rounds");
        rounds.setDaemon(true);
        rounds.start();
    }

    /** The request's responses as tiles in order; blocks until its round has run. */
    List<ResponseTile> compute(Request request) {
        Waiting w = new Waiting(request, new CompletableFuture<>());
        waiting.add(w);
        try {
            return w.tiles().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private void runRounds() {
        int round = 0;
        try {
            while (true) {
                List<Waiting> requests = new ArrayList<>();
                requests.add(waiting.take());
                waiting.drainTo(requests);
                run(requests, round++);
            }
        } catch (InterruptedException closed) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One Spark job for the round. Each layer is cut into enough tiles that the round fills the task slots:
     * cutting finer would only repeat the tiles' shared work (parsing and expanding the uploads they read).
     */
    private void run(List<Waiting> round, int number) {
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
            sc.setJobDescription(String.format("%s: round %d, %d layer steps (%s, ...), %d tiles", description, number,
                    round.size(), round.get(0).request().layer(), tasks.size()));
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

    @Override
    public void close() {
        rounds.interrupt();
    }
}
