package org.hequant.protocols.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.hequant.protocols.sharing.ShareRing;

/**
 * Wire format of OT messages: values of {@code bits} bits laid end to end, little-endian, the whole batch
 * rounded up to a byte. Short messages are the point of OT-based nonlinear layers, so a 1-bit message must
 * cost one bit, not a byte or a word.
 */
public final class BitPacking {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private BitPacking() {
    }

    static int packedBytes(long count, int bits) {
        long bytes = (count * bits + 7) >>> 3;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(count + " messages of " + bits + " bits do not fit one buffer");
        }
        return (int) bytes;
    }

    /** Packs the low {@code bits} bits of each value. */
    static byte[] pack(long[] values, int count, int bits) {
        if (bits == 64) {
            // Whole words need no shifting: a straight little-endian copy.
            return toBytes(values, packedBytes(count, bits));
        }
        long[] words = new long[(int) (((long) count * bits + 63) >>> 6)];
        long mask = ShareRing.mask(bits);
        long position = 0;
        for (int i = 0; i < count; i++) {
            put(words, position, values[i] & mask, bits);
            position += bits;
        }
        return toBytes(words, packedBytes(count, bits));
    }

    static long[] unpack(byte[] packed, int count, int bits) {
        expectLength(packed, packedBytes(count, bits));
        long[] words = fromBytes(packed);
        if (bits == 64) {
            return words;
        }
        long[] values = new long[count];
        long position = 0;
        for (int i = 0; i < count; i++) {
            values[i] = get(words, position, bits);
            position += bits;
        }
        return values;
    }

    /**
     * Packs {@code rows} rows of {@code rowBits} bits each, row r stored little-endian in the {@code 8 * words}
     * bytes from {@code 8 * r * words} (bits past rowBits are ignored): exactly rows * rowBits bits on the wire.
     * When every row fills its words the padded layout already is the wire format and is returned as is.
     */
    public static byte[] packRows(byte[] padded, int rows, int words, int rowBits) {
        int bytes = packedBytes((long) rows * rowBits, 1);
        if (rowBits == 64 * words) {
            expectLength(padded, bytes);
            return padded;
        }
        long[] matrix = fromBytes(padded);
        long[] packed = new long[(int) (((long) rows * rowBits + 63) >>> 6)];
        long position = 0;
        for (int r = 0; r < rows; r++) {
            for (int w = 0; w < words; w++) {
                int take = Math.min(64, rowBits - 64 * w);
                put(packed, position, matrix[r * words + w] & ShareRing.mask(take), take);
                position += take;
            }
        }
        return toBytes(packed, bytes);
    }

    /** Inverse of {@link #packRows}, into the padded layout; bits of each row past rowBits come out zero. */
    public static byte[] unpackRows(byte[] packed, int rows, int words, int rowBits) {
        expectLength(packed, packedBytes((long) rows * rowBits, 1));
        if (rowBits == 64 * words) {
            return packed;
        }
        long[] flat = fromBytes(packed);
        long[] matrix = new long[rows * words];
        long position = 0;
        for (int r = 0; r < rows; r++) {
            for (int w = 0; w < words; w++) {
                int take = Math.min(64, rowBits - 64 * w);
                matrix[r * words + w] = get(flat, position, take);
                position += take;
            }
        }
        return toBytes(matrix, 8 * matrix.length);
    }

    private static void expectLength(byte[] packed, int expected) {
        if (packed.length != expected) {
            throw new IllegalArgumentException("OT message of " + packed.length + " bytes, expected " + expected);
        }
    }

    private static void put(long[] words, long position, long value, int bits) {
        int w = (int) (position >>> 6);
        int shift = (int) (position & 63);
        words[w] |= value << shift;
        if (shift + bits > 64) {
            words[w + 1] |= value >>> (64 - shift);
        }
    }

    private static long get(long[] words, long position, int bits) {
        int w = (int) (position >>> 6);
        int shift = (int) (position & 63);
        long v = words[w] >>> shift;
        if (shift + bits > 64) {
            v |= words[w + 1] << (64 - shift);
        }
        return v & ShareRing.mask(bits);
    }

    private static byte[] toBytes(long[] words, int bytes) {
        byte[] out = new byte[bytes];
        int full = bytes >>> 3;
        for (int i = 0; i < full; i++) {
            LONGS.set(out, 8 * i, words[i]);
        }
        for (int b = 8 * full; b < bytes; b++) {
            out[b] = (byte) (words[full] >>> (8 * (b - 8 * full)));
        }
        return out;
    }

    private static long[] fromBytes(byte[] bytes) {
        long[] words = new long[(bytes.length + 7) >>> 3];
        int full = bytes.length >>> 3;
        for (int i = 0; i < full; i++) {
            words[i] = (long) LONGS.get(bytes, 8 * i);
        }
        for (int b = 8 * full; b < bytes.length; b++) {
            words[full] |= (bytes[b] & 0xFFL) << (8 * (b - 8 * full));
        }
        return words;
    }
}
