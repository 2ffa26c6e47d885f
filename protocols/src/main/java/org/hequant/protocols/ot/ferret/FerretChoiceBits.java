package org.hequant.protocols.ot.ferret;

import java.util.Arrays;
import java.util.List;

/**
 * The Ferret receiver's choice bits r_i, computed ahead of the extension messages that bring their t_i. A
 * COT's bit is its noise bit (set at the one leaf of its block off the hidden path, which the receiver's base
 * choice bits fix) xor the LPN code's parity of the secret's choice bits, so no bit depends on what the sender
 * sends. This lets a batched call send the choices of all its chunks at once, and lets the sender run the
 * extension chunk by chunk as it answers. It walks the extensions exactly as {@link FerretOtReceiver} does
 * (the same schedule, chunks and split between usable COTs and the next extension's base).
 */
final class FerretChoiceBits {
    private final List<LpnParameters> schedule;
    private final Queue usable = new Queue();
    private Queue reserve;
    private LpnParameters params;
    private long extension;
    private boolean[] baseBits;
    private long[] secretBits;
    private LpnCode code;
    private int nextBlock;
    private boolean[] chunk = new boolean[0];

    FerretChoiceBits(List<LpnParameters> schedule, boolean[] baseBits) {
        this.schedule = schedule;
        start(0, baseBits);
        while (FerretOtExtension.bootstrapping(schedule, extension)) {
            refill();
        }
    }

    private void start(long e, boolean[] bits) {
        extension = e;
        params = FerretOtExtension.parameters(schedule, e);
        baseBits = bits;
        secretBits = new long[(params.k() + 63) / 64];
        for (int i = 0; i < params.k(); i++) {
            secretBits[i >>> 6] |= (bits[i] ? 1L : 0L) << i;
        }
        code = new LpnCode(params.k());
        nextBlock = 0;
        reserve = new Queue();
    }

    /**
     * Consumes the next m choice bits r and returns the receiver's choice message b xor r, packed little-endian,
     * for the chosen bits b packed in {@code chosen} (overwritten).
     */
    byte[] flips(byte[] chosen, int m) {
        while (usable.available() < m) {
            refill();
        }
        usable.xorInto(chosen, m);
        return chosen.length == (m + 7) / 8 ? chosen : Arrays.copyOf(chosen, (m + 7) / 8);
    }

    /** Consumes the next m choice bits r into {@code into[off, off + m)}, for OTs whose choices are r itself. */
    void take(boolean[] into, int off, int m) {
        while (usable.available() < m) {
            refill();
        }
        usable.copyInto(into, off, m);
    }

    private void refill() {
        if (nextBlock == params.t()) {
            start(extension + 1, reserve.take(FerretOtExtension.parameters(schedule, extension + 1).baseCots()));
            return;
        }
        int depth = params.depth();
        int blocks = FerretChunks.blocks(params, nextBlock);
        int count = blocks << depth;
        if (chunk.length < count) {
            chunk = new boolean[count];
        }
        Arrays.fill(chunk, 0, count, false);
        int first = params.k() + nextBlock * depth;
        for (int b = 0; b < blocks; b++) {
            // Level by level the hidden path goes to the side the base choice bit does not pick.
            int path = 0;
            for (int d = 0; d < depth; d++) {
                path = 2 * path + (baseBits[first + b * depth + d] ? 0 : 1);
            }
            chunk[(b << depth) + path] = true;
        }
        long produced = (long) nextBlock << depth;
        code.parities(extension, produced, count, chunk, 0, secretBits);
        nextBlock += blocks;
        int split = (int) Math.max(0, Math.min(count, FerretOtExtension.usable(schedule, extension) - produced));
        usable.append(chunk, 0, split);
        reserve.append(chunk, split, count);
    }

    /** Bits taken from the front in the order they were appended. */
    private static final class Queue {
        private boolean[] bits = new boolean[0];
        private int start;
        private int end;

        int available() {
            return end - start;
        }

        void append(boolean[] from, int lo, int hi) {
            int live = end - start;
            if (end + hi - lo > bits.length) {
                boolean[] grown = live + hi - lo > bits.length ? new boolean[Math.max(live + hi - lo, 2 * live)] : bits;
                System.arraycopy(bits, start, grown, 0, live);
                bits = grown;
                start = 0;
                end = live;
            }
            System.arraycopy(from, lo, bits, end, hi - lo);
            end += hi - lo;
        }

        boolean[] take(int m) {
            boolean[] out = Arrays.copyOfRange(bits, start, start + m);
            start += m;
            return out;
        }

        /** Consumes m bits into {@code into[off, off + m)}. */
        void copyInto(boolean[] into, int off, int m) {
            System.arraycopy(bits, start, into, off, m);
            start += m;
        }

        /** Consumes m bits, xoring bit i into bit i of {@code packed} (little-endian). */
        void xorInto(byte[] packed, int m) {
            for (int i = 0; i < m; i++) {
                // Branch-free: the bits are random, so a branch on them would be mispredicted half the time.
                packed[i >>> 3] ^= (byte) ((bits[start + i] ? 1 : 0) << (i & 7));
            }
            start += m;
        }
    }
}
