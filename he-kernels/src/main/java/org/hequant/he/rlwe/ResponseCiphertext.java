package org.hequant.he.rlwe;

import org.hequant.he.math.Modulus;
import org.hequant.he.rns.RnsPoly;

/**
 * A server response shrunk for transport (Cheetah's response compression): the ciphertext is at level 1
 * (mod q_0, coefficient form), c1 keeps only its high bits, and c0 keeps only the coefficients the
 * client will decode (the "kept indices", public from the layer plan), also at their high bits.
 * Decryption remains correct because it only rounds (c0 + c1*s) * t / q_0; see {@link ResponseShrinking}
 * for how many bits can go.
 *
 * <p>Dropped bits are removed by rounding to the nearest multiple of 2^d, not by truncation, so the
 * error is at most 2^(d-1) in either direction; a value that would round up to q_0 wraps to 0, which
 * keeps the stored high part within bitLength(floor((q_0 - 1) / 2^d)) bits.
 */
public final class ResponseCiphertext {
    private final RlweContext context;
    private final int[] keptIndices;
    private final int c0DroppedBits;
    private final int c1DroppedBits;
    private final long[] c0High;
    private final long[] c1High;

    /** Builds from already-shrunk parts (used by the wire reader); ranges are checked. */
    public ResponseCiphertext(RlweContext context, int[] keptIndices, int c0DroppedBits, int c1DroppedBits,
            long[] c0High, long[] c1High) {
        Modulus q0 = context.basis().modulus(0);
        checkDroppedBits("c0", c0DroppedBits, q0);
        checkDroppedBits("c1", c1DroppedBits, q0);
        int n = context.degree();
        if (c1High.length != n || c0High.length != keptIndices.length || keptIndices.length > n) {
            throw new IllegalArgumentException("response shape mismatch: c1 has " + c1High.length + " values (N = " + n
                    + "), c0 has " + c0High.length + " for " + keptIndices.length + " kept indices");
        }
        for (int i = 0; i < keptIndices.length; i++) {
            if (keptIndices[i] < 0 || keptIndices[i] >= n) {
                throw new IllegalArgumentException("kept index " + keptIndices[i] + " outside [0, " + n + ")");
            }
        }
        checkRange("c0", c0High, maxHigh(q0, c0DroppedBits));
        checkRange("c1", c1High, maxHigh(q0, c1DroppedBits));
        this.context = context;
        this.keptIndices = keptIndices.clone();
        this.c0DroppedBits = c0DroppedBits;
        this.c1DroppedBits = c1DroppedBits;
        this.c0High = c0High.clone();
        this.c1High = c1High.clone();
    }

    /** Shrinks a level-1 ciphertext, keeping c0 only at {@code keptIndices}. */
    public static ResponseCiphertext shrink(RlweContext context, Ciphertext ct, int[] keptIndices, int c0DroppedBits,
            int c1DroppedBits) {
        if (ct.level() != 1 || ct.size() != 2) {
            throw new IllegalArgumentException("only a size-2 ciphertext at level 1 can be shrunk (got size "
                    + ct.size() + ", level " + ct.level() + ")");
        }
        Ciphertext c = ct.isNtt() ? ct.copy() : ct;
        c.fromNtt();
        Modulus q0 = context.basis().modulus(0);
        long[] c0 = c.part(0).limb(0);
        long[] c0High = new long[keptIndices.length];
        for (int i = 0; i < keptIndices.length; i++) {
            c0High[i] = roundHigh(c0[keptIndices[i]], c0DroppedBits, q0);
        }
        long[] c1 = c.part(1).limb(0);
        long[] c1High = new long[c1.length];
        for (int j = 0; j < c1.length; j++) {
            c1High[j] = roundHigh(c1[j], c1DroppedBits, q0);
        }
        return new ResponseCiphertext(context, keptIndices, c0DroppedBits, c1DroppedBits, c0High, c1High);
    }

    private static void checkDroppedBits(String part, int bits, Modulus q0) {
        if (bits < 0 || bits >= q0.bitLength()) {
            throw new IllegalArgumentException(part + " dropped bits " + bits + " outside [0, " + q0.bitLength() + ")");
        }
    }

    private static void checkRange(String part, long[] values, long max) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] < 0 || values[i] > max) {
                throw new IllegalArgumentException(part + " value " + i + " = " + values[i] + " exceeds " + max);
            }
        }
    }

    /** The largest stored high part for modulus q_0 with d dropped bits. */
    public static long maxHigh(Modulus q0, int droppedBits) {
        return (q0.value() - 1) >>> droppedBits;
    }

    /** Bits needed per stored high part. */
    public static int highBits(Modulus q0, int droppedBits) {
        return 64 - Long.numberOfLeadingZeros(maxHigh(q0, droppedBits));
    }

    private static long roundHigh(long x, int d, Modulus q0) {
        if (d == 0) {
            return x;
        }
        long high = (x + (1L << (d - 1))) >>> d;
        return high > maxHigh(q0, d) ? 0 : high;
    }

    public RlweContext context() {
        return context;
    }

    public int[] keptIndices() {
        return keptIndices.clone();
    }

    public int keptCount() {
        return keptIndices.length;
    }

    public int c0DroppedBits() {
        return c0DroppedBits;
    }

    public int c1DroppedBits() {
        return c1DroppedBits;
    }

    public long c0High(int i) {
        return c0High[i];
    }

    public long c1High(int j) {
        return c1High[j];
    }

    /** c1 with its dropped bits restored as zeros, reduced mod q_0. */
    RnsPoly c1() {
        RnsPoly p = new RnsPoly(context.basisAtLevel(1), false);
        long q = context.basis().modulus(0).value();
        long[] limb = p.limb(0);
        for (int j = 0; j < limb.length; j++) {
            long v = c1High[j] << c1DroppedBits;
            limb[j] = v >= q ? v - q : v;
        }
        return p;
    }

    /** The kept c0 coefficient i with its dropped bits restored as zeros, reduced mod q_0. */
    long c0At(int i) {
        long q = context.basis().modulus(0).value();
        long v = c0High[i] << c0DroppedBits;
        return v >= q ? v - q : v;
    }
}
