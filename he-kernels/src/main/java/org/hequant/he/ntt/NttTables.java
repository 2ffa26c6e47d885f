package org.hequant.he.ntt;

import org.hequant.he.math.Modulus;
import org.hequant.he.math.Primes;

/**
 * Negacyclic number-theoretic transform over Z_q[X]/(X^N + 1) for one prime q = 1 mod 2N.
 *
 * <p>Forward: Cooley-Tukey butterflies with the psi powers in bit-reversed order (Longa-Naehrig), so the
 * negacyclic twist costs nothing and the output is in bit-reversed evaluation order. Inverse:
 * Gentleman-Sande butterflies undoing it, with N^-1 merged into the last stage. Every twiddle is a
 * Shoup constant and butterflies are Harvey-lazy: forward values live in [0, 4q), inverse values in
 * [0, 2q), so reductions happen only where a value would otherwise leave that range. Shoup products
 * need inputs below 2^62 (see {@link Modulus#shoupMulLazy}), so lazy values below 4q require q &lt; 2^60.
 * Where the JVM offers 512-bit vectors, the stages whose gap holds eight values run in
 * {@link VectorButterflies} (twice as fast here); the results are the same to the last bit.
 */
public final class NttTables {
    /** Largest NTT prime size: lazy values in [0, 4q) must stay below 2^62. */
    public static final int MAX_PRIME_BITS = 60;
    private final int degree;
    private final int logDegree;
    private final Modulus modulus;
    private final long q;
    private final long[] roots;
    private final long[] rootsShoup;
    private final long[] inverseRoots;
    private final long[] inverseRootsShoup;
    private final long degreeInverse;
    private final long degreeInverseShoup;
    private final long lastInverseRoot;
    private final long lastInverseRootShoup;

    private static final boolean VECTOR_STAGES = vectorStagesUsable();
    private final boolean vectors;

    public NttTables(int degree, Modulus modulus) {
        this(degree, modulus, VECTOR_STAGES);
    }

    /**
     * The vector stages need the incubator module (conf/jvm.flags adds it) and 512-bit vectors; the system
     * property hequant.ntt.scalar=true turns them off, e.g. to compare the two paths.
     */
    private static boolean vectorStagesUsable() {
        return !Boolean.getBoolean("hequant.ntt.scalar")
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && VectorButterflies.wideVectors();
    }

    /** With {@code vectors} false, the scalar stages only (tests compare the two paths). */
    NttTables(int degree, Modulus modulus, boolean vectors) {
        if (degree < 8 || Integer.bitCount(degree) != 1) {
            throw new IllegalArgumentException("NTT degree must be a power of two >= 8, got " + degree);
        }
        if (modulus.bitLength() > MAX_PRIME_BITS) {
            throw new IllegalArgumentException("NTT primes must have at most " + MAX_PRIME_BITS + " bits, got "
                    + modulus.bitLength() + " (" + modulus + ")");
        }
        this.vectors = vectors;
        this.degree = degree;
        this.logDegree = Integer.numberOfTrailingZeros(degree);
        this.modulus = modulus;
        this.q = modulus.value();
        long psi = Primes.minimalPrimitiveRoot(2 * degree, modulus);
        long psiInverse = modulus.inverse(psi);
        roots = new long[degree];
        rootsShoup = new long[degree];
        inverseRoots = new long[degree];
        inverseRootsShoup = new long[degree];
        long power = 1;
        long inversePower = 1;
        for (int i = 0; i < degree; i++) {
            int r = bitReverse(i);
            roots[r] = power;
            inverseRoots[r] = inversePower;
            power = modulus.mul(power, psi);
            inversePower = modulus.mul(inversePower, psiInverse);
        }
        for (int i = 0; i < degree; i++) {
            rootsShoup[i] = modulus.shoupQuotient(roots[i]);
            inverseRootsShoup[i] = modulus.shoupQuotient(inverseRoots[i]);
        }
        degreeInverse = modulus.inverse(degree);
        degreeInverseShoup = modulus.shoupQuotient(degreeInverse);
        lastInverseRoot = modulus.mul(inverseRoots[1], degreeInverse);
        lastInverseRootShoup = modulus.shoupQuotient(lastInverseRoot);
    }

    /** Whether transforms built by the public constructor run their wide stages on 512-bit vectors. */
    public static boolean vectorStages() {
        return VECTOR_STAGES;
    }

    private int bitReverse(int i) {
        return Integer.reverse(i) >>> (32 - logDegree);
    }

    public int degree() {
        return degree;
    }

    public Modulus modulus() {
        return modulus;
    }

    /** Forward NTT; input in [0, 4q), output in [0, 4q) (bit-reversed order). */
    public void forwardLazy(long[] a) {
        transformForward(a, false);
    }

    /** Forward NTT with output fully reduced to [0, q); the reduction is folded into the last pass. */
    public void forward(long[] a) {
        transformForward(a, true);
    }

    private void transformForward(long[] a, boolean fullyReduce) {
        final long mod = q;
        final long twoQ = 2 * q;
        final long[] w = roots;
        final long[] ws = rootsShoup;
        final int n = degree;
        int m = 1;
        int gap = n >>> 1;
        if (vectors) {
            for (; gap >= VectorButterflies.LANES; m <<= 1, gap >>>= 1) {
                for (int i = 0; i < m; i++) {
                    VectorButterflies.group(a, 2 * i * gap, gap, w[m + i], ws[m + i], mod, false);
                }
            }
            // Gap 4 is left over between the vector stages and the closing radix-4 pass.
            if (gap == 4) {
                for (int i = 0; i < m; i++) {
                    forwardGroup(a, 8 * i, 4, w[m + i], ws[m + i], mod, twoQ);
                }
                m <<= 1;
                gap = 2;
            }
        }
        // Two stages per pass (radix 4) halve the loads and stores; stage s has m = 2^s groups.
        for (; gap > 2; m <<= 2, gap >>>= 2) {
            int half = gap >>> 1;
            for (int i = 0; i < m; i++) {
                int child = 2 * (m + i);
                forwardRadix4(a, 2 * i * gap, half, w[m + i], ws[m + i], w[child], ws[child], w[child + 1],
                        ws[child + 1], mod, twoQ);
            }
        }
        if (gap == 2) {
            forwardLastTwoStages(a, w, ws, m, mod, twoQ, fullyReduce ? mod : 4 * mod);
        } else {
            forwardLastStage(a, w, ws, m, mod, twoQ, fullyReduce ? mod : 4 * mod);
        }
    }

    private static void forwardGroup(long[] a, int start, int gap, long w, long ws, long mod, long twoQ) {
        for (int j = start, end = start + gap; j < end; j++) {
            long x = a[j];
            long y = a[j + gap];
            x -= x >= twoQ ? twoQ : 0;
            long t = w * y - Math.multiplyHigh(ws, y << 1) * mod;
            a[j] = x + t;
            a[j + gap] = x - t + twoQ;
        }
    }

    private static void forwardRadix4(long[] a, int start, int half, long w1, long ws1, long w2, long ws2, long w3,
            long ws3, long mod, long twoQ) {
        final int end = start + half;
        // Two butterfly groups per iteration (half is even here): C2 on JDK 17 unrolls this loop too little.
        for (int k = start; k < end; k += 2) {
            forwardButterfly4(a, k, half, w1, ws1, w2, ws2, w3, ws3, mod, twoQ);
            forwardButterfly4(a, k + 1, half, w1, ws1, w2, ws2, w3, ws3, mod, twoQ);
        }
    }

    private static void forwardButterfly4(long[] a, int k, int half, long w1, long ws1, long w2, long ws2, long w3,
            long ws3, long mod, long twoQ) {
        long a0 = a[k];
        long a1 = a[k + half];
        long a2 = a[k + 2 * half];
        long a3 = a[k + 3 * half];
        a0 -= a0 >= twoQ ? twoQ : 0;
        a1 -= a1 >= twoQ ? twoQ : 0;
        long y2 = w1 * a2 - Math.multiplyHigh(ws1, a2 << 1) * mod;
        long y3 = w1 * a3 - Math.multiplyHigh(ws1, a3 << 1) * mod;
        long b0 = a0 + y2;
        long b2 = a0 - y2 + twoQ;
        long b1 = a1 + y3;
        long b3 = a1 - y3 + twoQ;
        b0 -= b0 >= twoQ ? twoQ : 0;
        b2 -= b2 >= twoQ ? twoQ : 0;
        long z1 = w2 * b1 - Math.multiplyHigh(ws2, b1 << 1) * mod;
        long z3 = w3 * b3 - Math.multiplyHigh(ws3, b3 << 1) * mod;
        a[k] = b0 + z1;
        a[k + half] = b0 - z1 + twoQ;
        a[k + 2 * half] = b2 + z3;
        a[k + 3 * half] = b2 - z3 + twoQ;
    }

    /**
     * The radix-4 pass with gap 2 and 1, written out: one group of four per iteration. Outputs are
     * reduced below {@code bound}: q for a fully reduced transform, 4q (no reduction) for a lazy one.
     * Written out rather than calling {@link #forwardButterfly4}: reducing before the stores measured
     * 5 us (10%) faster per N = 4096 transform on JDK 17.
     */
    private static void forwardLastTwoStages(long[] a, long[] w, long[] ws, int m, long mod, long twoQ, long bound) {
        for (int i = 0; i < m; i++) {
            final int k = 4 * i;
            final int child = 2 * (m + i);
            long w1 = w[m + i];
            long ws1 = ws[m + i];
            long a0 = a[k];
            long a1 = a[k + 1];
            long a2 = a[k + 2];
            long a3 = a[k + 3];
            a0 -= a0 >= twoQ ? twoQ : 0;
            a1 -= a1 >= twoQ ? twoQ : 0;
            long y2 = w1 * a2 - Math.multiplyHigh(ws1, a2 << 1) * mod;
            long y3 = w1 * a3 - Math.multiplyHigh(ws1, a3 << 1) * mod;
            long b0 = a0 + y2;
            long b2 = a0 - y2 + twoQ;
            long b1 = a1 + y3;
            long b3 = a1 - y3 + twoQ;
            b0 -= b0 >= twoQ ? twoQ : 0;
            b2 -= b2 >= twoQ ? twoQ : 0;
            long z1 = w[child] * b1 - Math.multiplyHigh(ws[child], b1 << 1) * mod;
            long z3 = w[child + 1] * b3 - Math.multiplyHigh(ws[child + 1], b3 << 1) * mod;
            a[k] = reduceBelow(b0 + z1, bound);
            a[k + 1] = reduceBelow(b0 - z1 + twoQ, bound);
            a[k + 2] = reduceBelow(b2 + z3, bound);
            a[k + 3] = reduceBelow(b2 - z3 + twoQ, bound);
        }
    }

    /** x in [0, 4q) brought below bound (q or 4q). */
    private static long reduceBelow(long x, long bound) {
        x -= x >= 2 * bound ? 2 * bound : 0;
        return x - (x >= bound ? bound : 0);
    }

    private static void forwardLastStage(long[] a, long[] w, long[] ws, int m, long mod, long twoQ, long bound) {
        for (int i = 0; i < m; i++) {
            final int j = 2 * i;
            long x = a[j];
            long in = a[j + 1];
            x -= x >= twoQ ? twoQ : 0;
            long y = w[m + i] * in - Math.multiplyHigh(ws[m + i], in << 1) * mod;
            a[j] = reduceBelow(x + y, bound);
            a[j + 1] = reduceBelow(x - y + twoQ, bound);
        }
    }

    /** Inverse NTT (including the factor N^-1); input in [0, 2q), output in [0, 2q). */
    public void inverseLazy(long[] a) {
        transformInverse(a, 2 * q);
    }

    /** Inverse NTT with output fully reduced to [0, q); the reduction is folded into the last stage. */
    public void inverse(long[] a) {
        transformInverse(a, q);
    }

    private void transformInverse(long[] a, long bound) {
        final long mod = q;
        final long twoQ = 2 * q;
        final long[] w = inverseRoots;
        final long[] ws = inverseRootsShoup;
        final int n = degree;
        inverseFirstTwoStages(a, w, ws, n >>> 2, mod, twoQ);
        if (vectors && n >= 4 * VectorButterflies.LANES) {
            int gap = 4;
            for (int m = n >>> 3; gap < n >>> 1; gap <<= 1, m >>>= 1) {
                for (int i = 0; i < m; i++) {
                    if (gap >= VectorButterflies.LANES) {
                        VectorButterflies.group(a, 2 * i * gap, gap, w[m + i], ws[m + i], mod, true);
                    } else {
                        inverseGroup(a, 2 * i * gap, gap, w[m + i], ws[m + i], mod, twoQ);
                    }
                }
            }
            VectorButterflies.inverseLastStage(a, gap, degreeInverse, degreeInverseShoup, lastInverseRoot,
                    lastInverseRootShoup, mod, bound);
            return;
        }
        int stagesLeft = logDegree - 2;
        int gap = 4;
        int m = n >>> 4;
        for (; stagesLeft >= 3; stagesLeft -= 2, gap <<= 2, m >>>= 2) {
            for (int i = 0; i < m; i++) {
                int child = 2 * (m + i);
                inverseRadix4(a, 4 * i * gap, gap, w[child], ws[child], w[child + 1], ws[child + 1], w[m + i],
                        ws[m + i], mod, twoQ);
            }
        }
        for (m = n / (2 * gap); stagesLeft > 1; stagesLeft--, gap <<= 1, m >>>= 1) {
            for (int i = 0; i < m; i++) {
                inverseGroup(a, 2 * i * gap, gap, w[m + i], ws[m + i], mod, twoQ);
            }
        }
        inverseLastStage(a, gap, mod, twoQ, bound);
    }

    /** Stages with gap 1 and 2: one block of four per group of the gap-2 stage. */
    private static void inverseFirstTwoStages(long[] a, long[] w, long[] ws, int m, long mod, long twoQ) {
        for (int i = 0; i < m; i++) {
            final int child = 2 * (m + i);
            inverseButterfly4(a, 4 * i, 1, w[child], ws[child], w[child + 1], ws[child + 1], w[m + i], ws[m + i], mod,
                    twoQ);
        }
    }

    /** Two Gentleman-Sande stages (gap g with roots wa0/wa1, then gap 2g with root wb) on blocks of 4g. */
    private static void inverseRadix4(long[] a, int start, int g, long wa0, long wsa0, long wa1, long wsa1, long wb,
            long wsb, long mod, long twoQ) {
        final int end = start + g;
        for (int k = start; k < end; k++) {
            inverseButterfly4(a, k, g, wa0, wsa0, wa1, wsa1, wb, wsb, mod, twoQ);
        }
    }

    private static void inverseButterfly4(long[] a, int k, int g, long wa0, long wsa0, long wa1, long wsa1, long wb,
            long wsb, long mod, long twoQ) {
        long a0 = a[k];
        long a1 = a[k + g];
        long a2 = a[k + 2 * g];
        long a3 = a[k + 3 * g];
        long u0 = a0 + a1;
        long u2 = a2 + a3;
        u0 -= u0 >= twoQ ? twoQ : 0;
        u2 -= u2 >= twoQ ? twoQ : 0;
        long d1 = a0 - a1 + twoQ;
        long d3 = a2 - a3 + twoQ;
        long v1 = wa0 * d1 - Math.multiplyHigh(wsa0, d1 << 1) * mod;
        long v3 = wa1 * d3 - Math.multiplyHigh(wsa1, d3 << 1) * mod;
        long s0 = u0 + u2;
        long s1 = v1 + v3;
        a[k] = s0 - (s0 >= twoQ ? twoQ : 0);
        a[k + g] = s1 - (s1 >= twoQ ? twoQ : 0);
        long e2 = u0 - u2 + twoQ;
        long e3 = v1 - v3 + twoQ;
        a[k + 2 * g] = wb * e2 - Math.multiplyHigh(wsb, e2 << 1) * mod;
        a[k + 3 * g] = wb * e3 - Math.multiplyHigh(wsb, e3 << 1) * mod;
    }

    private static void inverseGroup(long[] a, int start, int gap, long w, long ws, long mod, long twoQ) {
        final int end = start + gap;
        for (int j = start; j < end; j++) {
            long x = a[j];
            long y = a[j + gap];
            long u = x + y;
            a[j] = u - (u >= twoQ ? twoQ : 0);
            long d = x - y + twoQ;
            a[j + gap] = w * d - Math.multiplyHigh(ws, d << 1) * mod;
        }
    }

    /** The last Gentleman-Sande stage with N^-1 folded in; outputs in [0, 2q) reduced below bound. */
    private void inverseLastStage(long[] a, int gap, long mod, long twoQ, long bound) {
        final long nInv = degreeInverse;
        final long nInvS = degreeInverseShoup;
        final long w = lastInverseRoot;
        final long ws = lastInverseRootShoup;
        for (int j = 0; j < gap; j++) {
            long x = a[j];
            long y = a[j + gap];
            long u = x + y;
            long d = x - y + twoQ;
            long r0 = nInv * u - Math.multiplyHigh(nInvS, u << 1) * mod;
            long r1 = w * d - Math.multiplyHigh(ws, d << 1) * mod;
            a[j] = r0 - (r0 >= bound ? bound : 0);
            a[j + gap] = r1 - (r1 >= bound ? bound : 0);
        }
    }

}
