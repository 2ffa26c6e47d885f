package org.hequant.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.hequant.engine.bfv.BfvPlan;
import org.hequant.engine.bfv.BfvResult;
import org.hequant.models.bfv.IntegerWidths;
import org.hequant.models.engine.IntegerEngine;

/**
 * The driver's side of a BFV evaluation: recombines each batch's channel residues by the CRT, takes the argmax,
 * and compares every image with the plaintext integer engine (label, exact logits, observed widths). Where the
 * network's values outgrow a long (wide BFV networks: W8, CIFAR) the engine refuses; BFV's CRT still holds them,
 * so the labels stand and only the comparison is reported as refused, with the engine's reason.
 */
final class BfvReference {
    private final BfvPlan plan;
    private final IntegerEngine engine;
    private final Map<String, Long> observed = new HashMap<>();
    private int exact;
    private int budget = Integer.MAX_VALUE;
    private String refused;

    BfvReference(BfvPlan plan) {
        this.plan = plan;
        this.engine = new IntegerEngine(plan.model());
    }

    /** Rows of a batch's images (bytes and task time shared evenly: they do not depend on the slots used). */
    List<ImageResult> compare(int batch, long firstImage, int[] labels, long[][] images,
            List<BfvChannelResult> channels) {
        if (channels.size() != plan.primes().count()) {
            throw new IllegalStateException("batch " + batch + " returned " + channels.size() + " channels of "
                    + plan.primes().count());
        }
        int least = channels.stream().mapToInt(BfvChannelResult::noiseBudget).min().orElseThrow();
        budget = Math.min(budget, least);
        BfvResult result = BfvResult.recombine(plan.primes(),
                channels.stream().map(BfvChannelResult::residues).toList(), least);
        int[] predicted = result.labels();
        long[][] plain = refused == null ? plain(images) : null;
        long up = channels.stream().mapToLong(BfvChannelResult::uploadBytes).sum();
        long down = channels.stream().mapToLong(BfvChannelResult::resultBytes).sum();
        double ms = channels.stream().mapToLong(BfvChannelResult::wallNanos).sum() / 1e6;
        int n = images.length;
        List<ImageResult> rows = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            exact += plain != null && result.logitsEqual(j, plain[j]) ? 1 : 0;
            rows.add(new ImageResult(firstImage + j, labels[j], predicted[j],
                    plain == null ? -1 : IntegerEngine.argmax(plain[j]), up / n, down / n, ms / n));
        }
        return rows;
    }

    /** The engine's logits of every image, in parallel, or null (and the reason kept) when it cannot follow. */
    private long[][] plain(long[][] images) {
        long[][] logits = new long[images.length][];
        Map<String, Long> seen = new ConcurrentHashMap<>();
        try {
            IntStream.range(0, images.length).parallel().forEach(j -> {
                Map<String, Long> own = new HashMap<>();
                logits[j] = engine.run(images[j], own);
                own.forEach((tensor, max) -> seen.merge(tensor, max, Math::max));
            });
        } catch (ArithmeticException e) {
            refused = e.getMessage() != null ? e.getMessage() : String.valueOf(e.getCause());
            return null;
        }
        seen.forEach((tensor, max) -> observed.merge(tensor, max, Math::max));
        return logits;
    }

    int exact() {
        return exact;
    }

    /** The smallest noise budget left in any result ciphertext (MAX_VALUE before the first batch). */
    int budget() {
        return budget;
    }

    /** The widest value the engine saw, in magnitude bits; null where it refused. */
    Integer observedBits() {
        return refused == null ? IntegerWidths.observedBits(observed) : null;
    }

    /** Why the engine could not follow the network, or null. */
    String refused() {
        return refused;
    }
}
