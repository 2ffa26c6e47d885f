package org.hequant.protocols.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 128-bit values of an LPN secret where the code reads them, off the heap at a cache-line boundary. Every
 * read of the secret misses the cache, and a value that straddled two lines would cost two misses: a long[]
 * only starts on an 8-byte boundary, which the collector may change by moving it, so in one array of two,
 * a quarter of the values straddle (measured 30-50% slower encoding). One instance serves the extensions of a
 * party in turn, so the memory is allocated, and its pages first touched, once.
 */
final class LpnSecret {
    private static final int LINE = 64;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private ByteBuffer values = ByteBuffer.allocateDirect(0);

    /** Holds the first k 128-bit values of {@code source} (2 words each), in place of those held before. */
    void set(long[] source, int k) {
        if (values.capacity() < 16 * k) {
            ByteBuffer raw = ByteBuffer.allocateDirect(16 * k + LINE);
            int misalignment = raw.alignmentOffset(0, LINE);
            values = raw.position(misalignment == 0 ? 0 : LINE - misalignment).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        for (int i = 0; i < 2 * k; i++) {
            LONGS.set(values, 8 * i, source[i]);
        }
    }

    /** Word w (0 low, 1 high) of value c. */
    long word(int c, int w) {
        return (long) LONGS.get(values, 16 * c + 8 * w);
    }
}
