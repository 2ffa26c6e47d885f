package org.hequant.he.wire;

/** Reads what {@link BitWriter} wrote; the caller has checked that the input is long enough. */
final class BitReader {
    private final byte[] in;
    private int bytePosition;
    private long buffer;
    private int bufferedBits;

    BitReader(byte[] in, int byteOffset) {
        this.in = in;
        this.bytePosition = byteOffset;
    }

    long read(int bits) {
        if (bits > 56) {
            long low = read(32);
            return low | (read(bits - 32) << 32);
        }
        while (bufferedBits < bits) {
            buffer |= (in[bytePosition++] & 0xffL) << bufferedBits;
            bufferedBits += 8;
        }
        long v = buffer & ((1L << bits) - 1);
        buffer >>>= bits;
        bufferedBits -= bits;
        return v;
    }

    /** True when the padding bits of the last partial byte are all zero. */
    boolean paddingIsZero() {
        return buffer == 0;
    }

    int bytePosition() {
        return bytePosition;
    }
}
