package org.hequant.protocols.ot;

/**
 * How every correlated-OT engine works through a batched call, shared by IKNP and Ferret: chunks of at most
 * {@link #CHUNK} OTs, each handed over in strips of at most {@link #STRIP} 128-bit rows, and the argument
 * checks of the OT flavours.
 */
public final class OtChunks {
    /** OTs extended per message: bounds memory (IKNP's 16 MB u matrix, plus per-flavour outputs) whatever the batch size. */
    public static final int CHUNK = 1 << 20;
    /**
     * OTs handed over at a time: one IKNP strip of the 128-row matrix is 16 x STRIP bytes, which with its
     * transposed rows stays in L2, and each AES call still covers STRIP / 128 blocks, enough to amortise the
     * javax.crypto call overhead.
     */
    public static final int STRIP = 1 << 14;

    private OtChunks() {
    }

    /** One chunk of a batched call: its OTs {@code off .. off + m}. */
    public interface ChunkBody {
        void run(int off, int m);
    }

    /** Receives consecutive strips of one chunk: {@code rows[2i], rows[2i + 1]} is the 128-bit row of OT first + i. */
    public interface StripSink {
        void accept(long[] rows, int first, int count);
    }

    /** Runs a batched call of n OTs chunk by chunk, so memory stays bounded whatever n. */
    public static void inChunks(int n, ChunkBody body) {
        for (int off = 0; off < n; off += CHUNK) {
            body.run(off, Math.min(CHUNK, n - off));
        }
    }

    /** Words per row of a chunk of {@code m} OTs. */
    public static int words(int m) {
        return (m + 63) >>> 6;
    }

    static void checkBits(int bits) {
        if (bits < 1 || bits > 64) {
            throw new IllegalArgumentException("OT messages must have 1 to 64 bits, got " + bits);
        }
    }

    static void checkK(int k) {
        if (k < 1 || k > 8) {
            throw new IllegalArgumentException("1-out-of-2^k OT supports k = 1..8, got " + k);
        }
    }
}
