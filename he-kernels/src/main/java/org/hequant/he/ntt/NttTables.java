package org.hequant.he.ntt;

import org.hequant.he.math.Modulus;
import org.hequant.he.math.Primes;
import org.hequant.he.math.UInt128;

/**
 * Negacyclic number-theoretic transform over Z_q[X]/(X^N + 1) for one prime q = 1 mod 2N.
 *
 * <p>Forward: Cooley-Tukey butterflies with the psi powers in bit-reversed order (Longa-Naehrig), so the
 * negacyclic twist costs nothing and the output is in bit-reversed evaluation order. Inverse:
 * Gentleman-Sande butterflies undoing it, with N^-1 merged into the last stage. Every twiddle is a
 * Shoup constant and butterflies are Harvey-lazy: forward values live in [0, 4q), inverse values in
 * [0, 2q), so reductions happen only where a value would otherwise leave that range. This needs
 * 4q &lt; 2^63, i.e. q below 2^61.
 */
public final class NttTables {
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

    public NttTables(int degree, Modulus modulus) {
        if (degree < 2 || Integer.bitCount(degree) != 1) {
            throw new IllegalArgumentException("NTT degree must be a power of two, got " + degree);
        }
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
        final long mod = q;
        final long twoQ = 2 * q;
        final long[] w = roots;
        final long[] ws = rootsShoup;
        final int n = degree;
        int gap = n >>> 1;
        for (int m = 1; m < n >>> 2; m <<= 1, gap >>>= 1) {
            for (int i = 0; i < m; i++) {
                forwardGroup(a, 2 * i * gap, gap, w[m + i], ws[m + i], mod, twoQ);
            }
        }
        forwardStageGap2(a, w, ws, n >>> 2, mod, twoQ);
        forwardStageGap1(a, w, ws, n >>> 1, mod, twoQ);
    }

    private static void forwardGroup(long[] a, int start, int gap, long w, long ws, long mod, long twoQ) {
        final int end = start + gap;
        for (int j = start; j < end; j++) {
            long x = a[j];
            x -= x >= twoQ ? twoQ : 0;
            long in = a[j + gap];
            long y = w * in - UInt128.mulHigh(ws, in) * mod;
            a[j] = x + y;
            a[j + gap] = x - y + twoQ;
        }
    }

    private static void forwardStageGap2(long[] a, long[] w, long[] ws, int m, long mod, long twoQ) {
        for (int i = 0; i < m; i++) {
            final long wi = w[m + i];
            final long wsi = ws[m + i];
            final int j = 4 * i;
            long x0 = a[j];
            long x1 = a[j + 1];
            long in0 = a[j + 2];
            long in1 = a[j + 3];
            x0 -= x0 >= twoQ ? twoQ : 0;
            x1 -= x1 >= twoQ ? twoQ : 0;
            long y0 = wi * in0 - UInt128.mulHigh(wsi, in0) * mod;
            long y1 = wi * in1 - UInt128.mulHigh(wsi, in1) * mod;
            a[j] = x0 + y0;
            a[j + 1] = x1 + y1;
            a[j + 2] = x0 - y0 + twoQ;
            a[j + 3] = x1 - y1 + twoQ;
        }
    }

    private static void forwardStageGap1(long[] a, long[] w, long[] ws, int m, long mod, long twoQ) {
        for (int i = 0; i < m; i++) {
            final long wi = w[m + i];
            final long wsi = ws[m + i];
            final int j = 2 * i;
            long x = a[j];
            long in = a[j + 1];
            x -= x >= twoQ ? twoQ : 0;
            long y = wi * in - UInt128.mulHigh(wsi, in) * mod;
            a[j] = x + y;
            a[j + 1] = x - y + twoQ;
        }
    }

    /** Forward NTT with output fully reduced to [0, q). */
    public void forward(long[] a) {
        forwardLazy(a);
        reduceFromFourQ(a);
    }

    /** Inverse NTT (including the factor N^-1); input in [0, 2q), output in [0, 2q). */
    public void inverseLazy(long[] a) {
        final long mod = q;
        final long twoQ = 2 * q;
        final long[] w = inverseRoots;
        final long[] ws = inverseRootsShoup;
        final int n = degree;
        inverseStageGap1(a, w, ws, n >>> 1, mod, twoQ);
        int gap = 2;
        for (int m = n >>> 2; m > 1; m >>>= 1, gap <<= 1) {
            for (int i = 0; i < m; i++) {
                inverseGroup(a, 2 * i * gap, gap, w[m + i], ws[m + i], mod, twoQ);
            }
        }
        inverseLastStage(a, gap, mod, twoQ);
    }

    private static void inverseStageGap1(long[] a, long[] w, long[] ws, int m, long mod, long twoQ) {
        for (int i = 0; i < m; i++) {
            final int j = 2 * i;
            long x = a[j];
            long y = a[j + 1];
            long u = x + y;
            a[j] = u - (u >= twoQ ? twoQ : 0);
            long d = x - y + twoQ;
            a[j + 1] = w[m + i] * d - UInt128.mulHigh(ws[m + i], d) * mod;
        }
    }

    private static void inverseGroup(long[] a, int start, int gap, long w, long ws, long mod, long twoQ) {
        final int end = start + gap;
        for (int j = start; j < end; j++) {
            long x = a[j];
            long y = a[j + gap];
            long u = x + y;
            a[j] = u - (u >= twoQ ? twoQ : 0);
            long d = x - y + twoQ;
            a[j + gap] = w * d - UInt128.mulHigh(ws, d) * mod;
        }
    }

    private void inverseLastStage(long[] a, int gap, long mod, long twoQ) {
        final long nInv = degreeInverse;
        final long nInvS = degreeInverseShoup;
        final long w = lastInverseRoot;
        final long ws = lastInverseRootShoup;
        for (int j = 0; j < gap; j++) {
            long x = a[j];
            long y = a[j + gap];
            long u = x + y;
            long d = x - y + twoQ;
            a[j] = nInv * u - UInt128.mulHigh(nInvS, u) * mod;
            a[j + gap] = w * d - UInt128.mulHigh(ws, d) * mod;
        }
    }

    /** Inverse NTT with output fully reduced to [0, q). */
    public void inverse(long[] a) {
        inverseLazy(a);
        final long mod = q;
        for (int i = 0; i < a.length; i++) {
            long x = a[i];
            a[i] = x - (x >= mod ? mod : 0);
        }
    }

    /** Brings values from [0, 4q) to [0, q). */
    public void reduceFromFourQ(long[] a) {
        final long mod = q;
        final long twoQ = 2 * q;
        for (int i = 0; i < a.length; i++) {
            long x = a[i];
            x -= x >= twoQ ? twoQ : 0;
            a[i] = x - (x >= mod ? mod : 0);
        }
    }
}
