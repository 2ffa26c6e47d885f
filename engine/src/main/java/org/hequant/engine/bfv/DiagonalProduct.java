package org.hequant.engine.bfv;

import java.util.TreeSet;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.hequant.he.bfv.BatchEncoder;
import org.hequant.he.bfv.BfvEvaluator;
import org.hequant.he.bfv.BfvParameters;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.PreparedPlaintext;
import org.hequant.he.rns.RnsPoly;

/**
 * The diagonal method of Halevi and Shoup for sum_i d_i (.) rot(x, i) over the slot rows (rot rotates both rows
 * left), with baby-step/giant-step: writing i = g B + b, the sum is sum_g rot(sum_b rot(d_i, -g B) (.) rot(x, b),
 * g B), so B - 1 baby rotations of x and one giant rotation per group of B diagonals replace one rotation per
 * diagonal; the plaintexts are rotated instead, once, when they are prepared. Zero diagonals cost nothing and a
 * group without any costs no giant rotation. The products run in NTT form and are summed there.
 */
final class DiagonalProduct {
    private final int baby;
    /** prepared[g][b] for diagonal g B + b, pre-rotated by -g B; null where the diagonal is zero. */
    private final PreparedPlaintext[][] prepared;

    /** {@code diagonals[i]}: N signed slot values (row 0, then row 1), or null for a zero diagonal. */
    DiagonalProduct(BfvParameters p, BfvEvaluator evaluator, long[][] diagonals) {
        this.baby = babySteps(diagonals.length);
        int giants = (diagonals.length + baby - 1) / baby;
        BatchEncoder encoder = new BatchEncoder(p);
        long t = p.plainModulus().value();
        prepared = new PreparedPlaintext[giants][baby];
        IntStream.range(0, diagonals.length).parallel().forEach(i -> {
            if (diagonals[i] != null) {
                int g = i / baby;
                long[] rotated = rotate(diagonals[i], -g * baby);
                for (int j = 0; j < rotated.length; j++) {
                    rotated[j] = Math.floorMod(rotated[j], t);
                }
                prepared[g][i % baby] = evaluator.prepare(encoder.encode(rotated));
            }
        });
    }

    /** B: the power of two nearest sqrt(D) from above, which balances B - 1 baby and D / B giant rotations. */
    static int babySteps(int diagonals) {
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, diagonals - 1));
        return 1 << ((bits + 1) / 2);
    }

    /** The left rotations (baby steps 1..B-1 that some diagonal uses, giant steps g B) the product needs. */
    static TreeSet<Integer> rotationSteps(boolean[] nonzero) {
        int b = babySteps(nonzero.length);
        TreeSet<Integer> steps = new TreeSet<>();
        for (int i = 0; i < nonzero.length; i++) {
            if (nonzero[i]) {
                if (i % b != 0) {
                    steps.add(i % b);
                }
                if (i / b != 0) {
                    steps.add(i / b * b);
                }
            }
        }
        return steps;
    }

    /** Baby rotations of x (at most B - 1) and giant rotations (one per nonzero group but the first). */
    static int[] rotationCounts(boolean[] nonzero) {
        TreeSet<Integer> steps = rotationSteps(nonzero);
        int b = babySteps(nonzero.length);
        int babies = (int) steps.stream().filter(s -> s < b).count();
        return new int[] {babies, steps.size() - babies};
    }

    /** Both slot rows of {@code values} rotated left by {@code steps} (right for negative steps). */
    static long[] rotate(long[] values, int steps) {
        int half = values.length / 2;
        long[] out = new long[values.length];
        for (int row = 0; row < 2; row++) {
            for (int j = 0; j < half; j++) {
                out[row * half + j] = values[row * half + Math.floorMod(j + steps, half)];
            }
        }
        return out;
    }

    Ciphertext apply(BfvEvaluator evaluator, Ciphertext x, ForkJoinPool pool) {
        boolean[] used = new boolean[baby];
        for (PreparedPlaintext[] group : prepared) {
            for (int b = 0; b < baby; b++) {
                used[b] |= group[b] != null;
            }
        }
        int[] steps = IntStream.range(0, baby).filter(b -> used[b]).toArray();
        Ciphertext[] rotated = new Ciphertext[baby];
        // The baby steps rotate one ciphertext: hoisted, in one slice per worker.
        int slices = Math.min(steps.length, pool.getParallelism());
        pool.submit(() -> IntStream.range(0, slices).parallel().forEach(s -> {
            int[] mine = IntStream.range(0, steps.length).filter(k -> k % slices == s).map(k -> steps[k]).toArray();
            Ciphertext[] out = evaluator.rotateRowsHoisted(x, mine);
            for (int k = 0; k < mine.length; k++) {
                out[k].toNtt();
                rotated[mine[k]] = out[k];
            }
        })).join();
        Ciphertext[] giants = new Ciphertext[prepared.length];
        pool.submit(() -> IntStream.range(0, prepared.length).parallel().forEach(g -> {
            Ciphertext acc = null;
            for (int b = 0; b < baby; b++) {
                if (prepared[g][b] == null) {
                    continue;
                }
                if (acc == null) {
                    acc = new Ciphertext(new RnsPoly(x.basis(), true), new RnsPoly(x.basis(), true));
                }
                evaluator.multiplyPlainAccumulate(rotated[b], prepared[g][b], acc);
            }
            if (acc != null) {
                acc.fromNtt();
                giants[g] = g == 0 ? acc : evaluator.rotateRows(acc, g * baby);
            }
        })).join();
        Ciphertext sum = null;
        for (Ciphertext c : giants) {
            if (c != null) {
                sum = sum == null ? c : evaluator.add(sum, c);
            }
        }
        if (sum == null) {
            throw new IllegalStateException("every diagonal is zero");
        }
        return sum;
    }
}
