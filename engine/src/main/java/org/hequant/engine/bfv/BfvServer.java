package org.hequant.engine.bfv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * The server's one step of non-interactive BFV inference, the same in one JVM and over TCP: from the client's
 * upload (relinearisation key and encrypted batch, {@link BfvMessages}) to the response (encrypted logits),
 * evaluating each CRT channel in turn. It holds the plan with the model's weights and public material only:
 * no constructor or method takes a secret key.
 */
public final class BfvServer {
    private final BfvPlan plan;
    private final ForkJoinPool pool;

    /** What one upload cost: the response, wall time per channel and per node of each channel. */
    public record Evaluation(byte[] response, List<Long> channelNanos, List<Map<String, Long>> layerNanos) {
        public long nanos() {
            return channelNanos.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** {@code pool} runs the output positions of each layer in parallel. */
    public BfvServer(BfvPlan plan, ForkJoinPool pool) {
        this.plan = plan;
        this.pool = pool;
    }

    public BfvPlan plan() {
        return plan;
    }

    /** Evaluates an upload; one that does not match the plan exactly is refused before any evaluation. */
    public Evaluation respond(byte[] upload) {
        BfvMessages.Upload in = BfvMessages.readUpload(plan, upload);
        BfvNetworkEvaluator evaluator = new BfvNetworkEvaluator(plan, in.relinearizationKey(), pool);
        int channels = plan.primes().count();
        byte[][][] out = new byte[channels][][];
        List<Long> channelNanos = new ArrayList<>();
        List<Map<String, Long>> layers = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            long start = System.nanoTime();
            out[c] = evaluator.evaluate(c, in.ciphertexts(c));
            channelNanos.add(System.nanoTime() - start);
            layers.add(evaluator.layerNanos());
        }
        return new Evaluation(BfvMessages.writeResponse(plan, new BfvResponse(out)), channelNanos, layers);
    }
}
