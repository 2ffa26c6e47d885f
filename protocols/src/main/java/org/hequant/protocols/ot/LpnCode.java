package org.hequant.protocols.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The public local linear code of Ferret's LPN: row g of extension e has {@link LpnParameters#ROW_WEIGHT}
 * columns in [0, k), drawn from fixed-key AES of the counters (e, g, 0..2) so that both parties, and any
 * chunk of rows, derive them independently. Column c is the top 32 bits of u * k for a 32-bit word u: off
 * uniform by under k / 2^32, which a public code with a few biased columns does not weaken.
 */
final class LpnCode {
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Three AES blocks give 12 words per row, 10 of them used. */
    private static final int BLOCKS_PER_ROW = 3;
    private static final byte[] KEY = "hequant-lpn-code".getBytes(StandardCharsets.US_ASCII);

    private final Cipher aes;
    private final long k;

    LpnCode(int k) {
        this.k = k;
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB is unavailable in this JVM", e);
        }
    }

    /** Writes the columns of rows first .. first + count of extension e to {@code columns[10 i ..]}. */
    void rows(long extension, long first, int count, int[] columns) {
        byte[] counters = new byte[16 * BLOCKS_PER_ROW * count];
        for (int i = 0; i < count; i++) {
            for (int b = 0; b < BLOCKS_PER_ROW; b++) {
                int at = 16 * (BLOCKS_PER_ROW * i + b);
                LONGS.set(counters, at, first + i);
                LONGS.set(counters, at + 8, extension << 8 | b);
            }
        }
        byte[] words = new byte[counters.length];
        try {
            aes.doFinal(counters, 0, counters.length, words, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        int w = LpnParameters.ROW_WEIGHT;
        for (int i = 0; i < count; i++) {
            int at = 16 * BLOCKS_PER_ROW * i;
            for (int j = 0; j < w; j++) {
                long u = Integer.toUnsignedLong((int) INTS.get(words, at + 4 * j));
                columns[w * i + j] = (int) ((u * k) >>> 32);
            }
        }
    }
}
