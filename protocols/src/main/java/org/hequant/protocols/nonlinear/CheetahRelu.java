package org.hequant.protocols.nonlinear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * Cheetah's ReLU as OpenCheetah runs it: DReLU from the millionaire on a reduced ring, then
 * {@link CorrelatedMultiplexer}.
 *
 * <p>The reduced ring (Maeng and Suh, "Approximating ReLU on a reduced ring for efficient MPC-based private
 * inference"; OpenCheetah's approximate ReLU): each party drops the {@code low} least significant bits of its
 * share and keeps the k bits above them. The kept parts add up to floor(x / 2^low) - c mod 2^k, where c in
 * {0, 1} is the carry lost from the dropped bits. For x of {@code valueBits} signed bits, k = valueBits - low
 * + 1 holds that value with its sign, so the millionaire compares k - 1 bits instead of l - 1.
 *
 * <p>Error bound: the DReLU is exact for x &lt; 0 and for x &gt;= 2^low; for 0 &lt;= x &lt; 2^low it may be 0
 * (then ReLU gives 0 instead of x, an error below 2^low). It never fails for inputs of {@code valueBits} bits.
 * With low = 0 and valueBits = l it is the exact DReLU of the whole ring (OpenCheetah's max-pool).
 */
public final class CheetahRelu {
    private CheetahRelu() {
    }

    /** ReLU(x) for x of {@code valueBits} signed bits, up to the dropped bits' error above; in Z_2^bits. */
    public static long[] relu(Session s, String label, long[] share, int bits, int low, int valueBits) {
        return CorrelatedMultiplexer.select(s, drelu(s, label, share, bits, low, valueBits), share, bits);
    }

    /** Bytes of {@link #relu} on n elements. */
    public static Traffic traffic(long n, int bits, int low, int valueBits) {
        return dreluTraffic(n, low, valueBits).plus(CorrelatedMultiplexer.traffic(n, false, bits));
    }

    /** Bytes of {@link #drelu} on n elements: the millionaire of the reduced ring. */
    static Traffic dreluTraffic(long n, int low, int valueBits) {
        return Comparison.dreluTraffic(n, keptBits(low, valueBits));
    }

    /** XOR shares of DReLU(x) = 1{x &gt;= 0}, ignoring the {@code low} least significant bits. */
    public static boolean[] drelu(Session s, String label, long[] share, int bits, int low, int valueBits) {
        Ring.requireBits(bits);
        if (low < 0 || valueBits < 1 || valueBits > bits || (low > 0 && valueBits >= bits) || low >= valueBits) {
            throw new IllegalArgumentException("reduced-ring DReLU of " + valueBits + "-bit values dropping " + low
                    + " bits does not fit the " + bits + "-bit ring");
        }
        int kept = keptBits(low, valueBits);
        long keptMask = ShareRing.mask(kept);
        long[] reduced = new long[share.length];
        for (int i = 0; i < share.length; i++) {
            reduced[i] = (share[i] >>> low) & keptMask;
        }
        return Comparison.drelu(s, label, reduced, kept);
    }

    /** The reduced ring's width: what the millionaire of {@link #drelu} compares is one bit less. */
    static int keptBits(int low, int valueBits) {
        return low == 0 ? valueBits : valueBits - low + 1;
    }
}
