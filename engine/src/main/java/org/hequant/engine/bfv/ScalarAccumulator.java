package org.hequant.engine.bfv;

import org.hequant.he.math.Modulus;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rns.RnsBasis;

/**
 * Sums of small-integer multiples of ciphertexts, sum_i w_i ct_i, written into a ciphertext the caller owns. The
 * weights stay signed integers (for a plaintext prime t with |w| &lt; t/2 this is exactly BFV's multiplyScalar by
 * w mod t). Where a prime q leaves room (q &lt;= 2^{@value #LAZY_PRIME_BITS}), the products are accumulated unreduced
 * in longs: a residue is below q, so the running sum stays exact while sum |w_i| q &lt; 2^63, and it is reduced
 * once at the end (or earlier, when the next weight would overflow): one multiply-add per coefficient, in a loop
 * C2 vectorises. Wider primes leave too little room and accumulate modularly (Shoup products). No temporary
 * ciphertext per term either way.
 */
final class ScalarAccumulator {
    /** Primes up to this size leave 2^(63 - 56) = 128 units of sum |w| between reductions (~25 4-bit weights). */
    static final int LAZY_PRIME_BITS = 56;

    private final Modulus[] moduli;
    private final boolean[] lazy;
    /** Largest sum |w| the lazy limbs may absorb between reductions. */
    private final long capacity;
    private final Ciphertext target;
    private long absorbed;

    /** Starts target at zero (it is overwritten). */
    ScalarAccumulator(Ciphertext target) {
        this.target = target;
        RnsBasis basis = target.basis();
        moduli = new Modulus[basis.size()];
        lazy = new boolean[basis.size()];
        long room = Long.MAX_VALUE;
        for (int r = 0; r < moduli.length; r++) {
            moduli[r] = basis.modulus(r);
            lazy[r] = moduli[r].bitLength() <= LAZY_PRIME_BITS;
            if (lazy[r]) {
                room = Math.min(room, Long.MAX_VALUE / moduli[r].value() - 1);
            }
        }
        capacity = room;
        for (int p = 0; p < target.size(); p++) {
            for (int r = 0; r < moduli.length; r++) {
                java.util.Arrays.fill(target.part(p).limb(r), 0);
            }
        }
    }

    /** target += w ct. */
    void add(long w, Ciphertext ct) {
        long a = Math.abs(w);
        if (a == 0) {
            return;
        }
        if (a > capacity) {
            throw new IllegalArgumentException("weight " + w + " exceeds the accumulator's capacity " + capacity);
        }
        if (absorbed + a > capacity) {
            reduceLazy();
        }
        absorbed += a;
        for (int r = 0; r < moduli.length; r++) {
            if (lazy[r]) {
                for (int p = 0; p < target.size(); p++) {
                    addLazy(target.part(p).limb(r), ct.part(p).limb(r), w);
                }
            } else {
                long q = moduli[r].value();
                long factor = moduli[r].fromSigned(w);
                long shoup = moduli[r].shoupQuotient(factor);
                for (int p = 0; p < target.size(); p++) {
                    addModular(target.part(p).limb(r), ct.part(p).limb(r), factor, shoup, q);
                }
            }
        }
    }

    private static void addLazy(long[] acc, long[] x, long w) {
        if (w == 1) {
            for (int j = 0; j < acc.length; j++) {
                acc[j] += x[j];
            }
        } else {
            for (int j = 0; j < acc.length; j++) {
                acc[j] += w * x[j];
            }
        }
    }

    private static void addModular(long[] acc, long[] x, long factor, long shoup, long q) {
        for (int j = 0; j < acc.length; j++) {
            long v = Modulus.shoupMulLazy(x[j], factor, shoup, q);
            v -= v >= q ? q : 0;
            long s = acc[j] + v;
            acc[j] = s >= q ? s - q : s;
        }
    }

    /** Brings every coefficient back into [0, q); call before the target is used as a ciphertext. */
    void reduce() {
        reduceLazy();
    }

    private void reduceLazy() {
        for (int r = 0; r < moduli.length; r++) {
            if (!lazy[r]) {
                continue;
            }
            long q = moduli[r].value();
            for (int p = 0; p < target.size(); p++) {
                long[] acc = target.part(p).limb(r);
                for (int j = 0; j < acc.length; j++) {
                    long v = acc[j] % q;
                    acc[j] = v < 0 ? v + q : v;
                }
            }
        }
        // A reduced residue counts as one more unit of q in the bound.
        absorbed = 1;
    }
}
