package org.hequant.protocols.ot.ferret;

/**
 * A queue of correlated OTs produced ahead of use: 128-bit values (2 words each) and, on the receiver's
 * side, their choice bits. Consumed from the front in the order both parties produced them.
 */
final class CotPool {
    private final boolean withBits;
    private long[] values = new long[0];
    private boolean[] bits = new boolean[0];
    private int start;
    private int end;

    CotPool(boolean withBits) {
        this.withBits = withBits;
    }

    int available() {
        return end - start;
    }

    /** Appends COTs {@code from .. to} of a chunk ({@code chunkBits} null on the sender's side). */
    void append(long[] chunkValues, boolean[] chunkBits, int from, int to) {
        int count = to - from;
        if (end + count > values.length / 2) {
            // Move the live COTs to the front, into a larger array only when they and the chunk do not fit.
            int live = end - start;
            int capacity = Math.max(values.length / 2, Math.max(live + count, 2 * live));
            long[] v = capacity == values.length / 2 ? values : new long[2 * capacity];
            System.arraycopy(values, 2 * start, v, 0, 2 * live);
            values = v;
            if (withBits) {
                boolean[] b = capacity == bits.length ? bits : new boolean[capacity];
                System.arraycopy(bits, start, b, 0, live);
                bits = b;
            }
            start = 0;
            end = live;
        }
        System.arraycopy(chunkValues, 2 * from, values, 2 * end, 2 * count);
        if (withBits) {
            System.arraycopy(chunkBits, from, bits, end, count);
        }
        end += count;
    }

    /** Word w of the i-th COT from the front. */
    long value(int i, int w) {
        return values[2 * (start + i) + w];
    }

    boolean bit(int i) {
        return bits[start + i];
    }

    void drop(int count) {
        start += count;
    }

    /** All values, exactly {@code count} COTs, as the base of the next extension. */
    long[] takeValues(int count) {
        checkExactly(count);
        long[] v = new long[2 * count];
        System.arraycopy(values, 2 * start, v, 0, 2 * count);
        return v;
    }

    boolean[] takeBits(int count) {
        checkExactly(count);
        boolean[] b = new boolean[count];
        System.arraycopy(bits, start, b, 0, count);
        return b;
    }

    private void checkExactly(int count) {
        if (available() != count) {
            throw new IllegalStateException("the reserve holds " + available() + " COTs, the next extension needs " + count);
        }
    }
}
