package org.hequant.protocols.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The length-doubling PRG of the GGM trees behind Ferret's single-point COTs: node s has children
 * pi_0(s) xor s and pi_1(s) xor s, pi_b fixed-key AES under two public keys (the Davies-Meyer-style
 * construction that is a PRG when pi_b are random permutations). A whole tree level, of many trees at once,
 * goes through two cipher calls.
 */
final class GgmTree {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Cipher left = cipher("hequant-ggm-left");
    private final Cipher right = cipher("hequant-ggmright");

    private static Cipher cipher(String key) {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.getBytes(StandardCharsets.US_ASCII), "AES"));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB is unavailable in this JVM", e);
        }
    }

    /**
     * Expands {@code count} nodes (2 words each) into their 2 count children: node i's left child at words
     * {@code 4i, 4i + 1} of the result, its right child at {@code 4i + 2, 4i + 3}.
     */
    long[] expand(long[] nodes, int count) {
        byte[] in = new byte[16 * count];
        for (int i = 0; i < 2 * count; i++) {
            LONGS.set(in, 8 * i, nodes[i]);
        }
        byte[] l = encrypt(left, in);
        byte[] r = encrypt(right, in);
        long[] children = new long[4 * count];
        for (int i = 0; i < count; i++) {
            long lo = nodes[2 * i];
            long hi = nodes[2 * i + 1];
            children[4 * i] = (long) LONGS.get(l, 16 * i) ^ lo;
            children[4 * i + 1] = (long) LONGS.get(l, 16 * i + 8) ^ hi;
            children[4 * i + 2] = (long) LONGS.get(r, 16 * i) ^ lo;
            children[4 * i + 3] = (long) LONGS.get(r, 16 * i + 8) ^ hi;
        }
        return children;
    }

    private static byte[] encrypt(Cipher c, byte[] in) {
        try {
            return c.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
