package org.hequant.he.wire;

/** Packs unsigned values of 1..64 bits each, least significant bit first, into a fixed-size byte array. */
final class BitWriter {
    private final byte[] out;
    private int bytePosition;
    private long pending;
    private int pendingBits;

    BitWriter(byte[] out, int byteOffset) {
        this.out = out;
        this.bytePosition = byteOffset;
    }

    void write(long value, int bits) {
        if (bits == 64) {
            write(value & 0xffffffffL, 32);
            write(value >>> 32, 32);
            return;
        }
        long v = value & ((1L << bits) - 1);
        int free = 64 - pendingBits;
        if (bits <= free) {
            pending |= v << pendingBits;
            pendingBits += bits;
        } else {
            pending |= v << pendingBits;
            long rest = v >>> free;
            flushWord();
            pending = rest;
            pendingBits = bits - free;
        }
        if (pendingBits == 64) {
            flushWord();
        }
    }

    private void flushWord() {
        for (int i = 0; i < 8; i++) {
            out[bytePosition++] = (byte) (pending >>> (8 * i));
        }
        pending = 0;
        pendingBits = 0;
    }

    /** Writes the remaining bits, padding the last byte with zeros; returns the next byte offset. */
    int finish() {
        while (pendingBits > 0) {
            out[bytePosition++] = (byte) pending;
            pending >>>= 8;
            pendingBits = Math.max(pendingBits - 8, 0);
        }
        return bytePosition;
    }
}
