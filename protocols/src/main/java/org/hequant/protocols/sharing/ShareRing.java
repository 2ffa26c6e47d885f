package org.hequant.protocols.sharing;

import org.hequant.he.math.Modulus;
import org.hequant.he.sampling.Prg;

/**
 * The ring Z_{2^l} of additive shares: x = x_client + x_server mod 2^l. The linear layers use it as the
 * RLWE plaintext modulus t = 2^l, so the share wrap-around is absorbed by the plaintext arithmetic. Its
 * instances stop at {@link #MAX_BITS} because t must fit the RLWE modulus; the OT protocols have no such limit
 * and reduce with {@link #mask(int)} alone.
 */
public final class ShareRing {
    public static final int MIN_BITS = 2;
    public static final int MAX_BITS = 60;

    private final int bits;
    private final long mask;
    private final Modulus modulus;

    public ShareRing(int bits) {
        if (bits < MIN_BITS || bits > MAX_BITS) {
            throw new IllegalArgumentException("share ring bit width must be in [" + MIN_BITS + ", " + MAX_BITS
                    + "], got " + bits);
        }
        this.bits = bits;
        this.mask = mask(bits);
        this.modulus = new Modulus(1L << bits);
    }

    /**
     * 2^k - 1, the reduction mod 2^k of a long for any 0 &lt;= k &lt;= 64 (Java shifts count mod 64, so 1L &lt;&lt; 64
     * is 1, not 0, and k = 64 needs its own case).
     */
    public static long mask(int bits) {
        return bits == 64 ? -1L : (1L << bits) - 1;
    }

    public int bits() {
        return bits;
    }

    /** t = 2^l as a kernel modulus. */
    public Modulus modulus() {
        return modulus;
    }

    public long reduce(long x) {
        return x & mask;
    }

    public long add(long a, long b) {
        return (a + b) & mask;
    }

    public long sub(long a, long b) {
        return (a - b) & mask;
    }

    public long mul(long a, long b) {
        return (a * b) & mask;
    }

    /** Uniform ring elements. */
    public long[] random(int count, Prg prg) {
        long[] r = new long[count];
        prg.nextLongs(r, 0, count);
        for (int i = 0; i < count; i++) {
            r[i] &= mask;
        }
        return r;
    }

    /** Element-wise a + b. */
    public long[] add(long[] a, long[] b) {
        requireSameLength(a, b);
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] + b[i]) & mask;
        }
        return out;
    }

    /** Element-wise a - b. */
    public long[] sub(long[] a, long[] b) {
        requireSameLength(a, b);
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (a[i] - b[i]) & mask;
        }
        return out;
    }

    /** Checks that every value is a ring element, naming the tensor and index otherwise. */
    public void requireElements(String what, long[] values) {
        for (int i = 0; i < values.length; i++) {
            if ((values[i] & ~mask) != 0) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + values[i] + " is not in Z_2^" + bits);
            }
        }
    }

    private static void requireSameLength(long[] a, long[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("share vectors differ in length: " + a.length + " vs " + b.length);
        }
    }
}
