package org.hequant.protocols.ot.ferret;

/**
 * The public local linear code of Ferret's LPN: row g of extension e has {@link LpnParameters#ROW_WEIGHT}
 * columns in [0, k), drawn from the SplitMix64 sequence seeded by (e, g), so that both parties, and any chunk
 * of rows, derive them independently. The code is public, so it needs a random-looking matrix, not a
 * cryptographic PRG: a fixed SplitMix64 instance is one public LPN instance like any other, and it costs a few
 * nanoseconds per row against the tens an AES-based stream took. Column c is the top 32 bits of u * k for a
 * 32-bit word u: off uniform by under k / 2^32.
 */
final class LpnCode {
    static final long GOLDEN = 0x9E3779B97F4A7C15L;
    /** Rows whose secret values are fetched together, one group ahead of their sums. */
    private static final int GROUP = 64;
    /**
     * Whether a group's columns are made eight rows at a time ({@link VectorLpnRows}): with the incubator module
     * and 512-bit vectors, unless hequant.lpn.scalar=true (to compare the two).
     */
    private static final boolean VECTOR_ROWS = !Boolean.getBoolean("hequant.lpn.scalar")
            && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorLpnRows.wideVectors();

    private final long k;
    /**
     * The columns of two groups, the one being summed and the one being fetched, each column by column: column j
     * of the group's row i at {@code j * GROUP + i}.
     */
    private final long[] columns = new long[2 * LpnParameters.ROW_WEIGHT * GROUP];
    /** A sum of the fetched words, kept only so that the compiler cannot drop the fetches. */
    private long fetched;

    LpnCode(int k) {
        this.k = k;
    }

    /** Writes column j of row {@code row} of extension e to {@code columns[at + j * stride]}. */
    void row(long extension, long row, long[] columns, int at, int stride) {
        long state = mix((extension << 40) ^ row);
        for (int j = 0; j < LpnParameters.ROW_WEIGHT; j += 2) {
            state += GOLDEN;
            long u = mix(state);
            columns[at + j * stride] = ((u >>> 32) * k) >>> 32;
            columns[at + (j + 1) * stride] = ((u & 0xFFFFFFFFL) * k) >>> 32;
        }
    }

    /** The columns of {@code rows} rows from {@code row}, column j of row i at {@code columns[at + j * GROUP + i]}. */
    private void group(long extension, long row, int rows, long[] columns, int at) {
        int i = 0;
        if (VECTOR_ROWS) {
            for (; i + VectorLpnRows.LANES <= rows; i += VectorLpnRows.LANES) {
                VectorLpnRows.rows(extension, row + i, k, columns, at + i, GROUP);
            }
        }
        for (; i < rows; i++) {
            row(extension, row + i, columns, at + i, GROUP);
        }
    }

    /**
     * The LPN step on 128-bit values, in place on the {@code count} values of rows {@code first ..} of extension e:
     * value g xor the sum of {@code secret}'s values at row g's columns. The secret's values do not stay in the
     * core's cache, and each read of one misses. A loop that only loads (one word per value, nothing kept) keeps
     * many more misses in flight than the summing loop, so each group's values are first fetched that way, while
     * the group before is summed from the cache.
     */
    void encode(long extension, long first, long[] values, int count, LpnSecret secret) {
        int w = LpnParameters.ROW_WEIGHT;
        int half = w * GROUP;
        fetch(extension, first, Math.min(GROUP, count), secret, 0);
        for (int g0 = 0; g0 < count; g0 += GROUP) {
            int rows = Math.min(GROUP, count - g0);
            int at = (g0 / GROUP % 2) * half;
            if (g0 + GROUP < count) {
                fetch(extension, first + g0 + GROUP, Math.min(GROUP, count - g0 - GROUP), secret, half - at);
            }
            for (int i = 0; i < rows; i++) {
                int g = g0 + i;
                long lo = values[2 * g];
                long hi = values[2 * g + 1];
                for (int j = at + i; j < at + half; j += GROUP) {
                    int c = (int) columns[j];
                    lo ^= secret.word(c, 0);
                    hi ^= secret.word(c, 1);
                }
                values[2 * g] = lo;
                values[2 * g + 1] = hi;
            }
        }
    }

    /**
     * The receiver's bits: noise bit {@code at + g} xor the parity of {@code secretBits} (the secret's choice bits,
     * 64 a word, small enough for the core's cache) at the columns of row {@code first + g}, for g below
     * {@code count}. It reads no secret values, so the receiver can run it before the extension's message arrives.
     */
    void parities(long extension, long first, int count, boolean[] noise, int at, long[] secretBits) {
        int half = LpnParameters.ROW_WEIGHT * GROUP;
        for (int g0 = 0; g0 < count; g0 += GROUP) {
            int rows = Math.min(GROUP, count - g0);
            group(extension, first + g0, rows, columns, 0);
            for (int i = 0; i < rows; i++) {
                long parity = 0;
                for (int j = i; j < half; j += GROUP) {
                    int c = (int) columns[j];
                    parity ^= secretBits[c >>> 6] >>> c;
                }
                noise[at + g0 + i] ^= (parity & 1) != 0;
            }
        }
    }

    /** Makes the columns of {@code rows} rows from {@code row} at {@code columns[at ..]} and loads their values' cache lines. */
    private void fetch(long extension, long row, int rows, LpnSecret secret, int at) {
        group(extension, row, rows, columns, at);
        long sum = 0;
        for (int j = 0; j < LpnParameters.ROW_WEIGHT; j++) {
            for (int i = at + j * GROUP; i < at + j * GROUP + rows; i++) {
                sum ^= secret.word((int) columns[i], 0);
            }
        }
        fetched ^= sum;
    }

    /** SplitMix64's output function (Steele, Lea and Flood, OOPSLA 2014). */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
