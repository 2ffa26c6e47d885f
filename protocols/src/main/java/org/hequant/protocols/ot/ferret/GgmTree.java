package org.hequant.protocols.ot.ferret;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The length-doubling PRG of the GGM trees behind Ferret's single-point COTs: node s has children
 * pi_0(s) xor s and pi_1(s) xor s, pi_b fixed-key AES under two public keys (the Davies-Meyer-style
 * construction that is a PRG when pi_b are random permutations).
 *
 * <p>A forest of trees grows level by level inside one array, in place, so a chunk's trees need no memory
 * beyond their leaves: tree b's nodes on level d are b 2^d .. (b + 1) 2^d - 1 (2 words each) and node i's
 * children are nodes 2i and 2i + 1 of the next level. The nodes go through the cipher a batch at a time
 * through buffers that stay in the core's cache, where whole-level buffers would stream megabytes through
 * the shared cache that the LPN code's secret needs.
 */
final class GgmTree {
    /** Nodes per cipher call: enough to amortise a javax.crypto call, few enough for the L1 cache. */
    private static final int BATCH = 512;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Cipher left = cipher("hequant-ggm-left");
    private final Cipher right = cipher("hequant-ggmright");
    private final byte[] parents = new byte[16 * BATCH];
    private final byte[] lefts = new byte[16 * BATCH];
    private final byte[] rights = new byte[16 * BATCH];

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
     * Expands level d of {@code trees} trees of the given depth into level d + 1, in place in {@code nodes}, and
     * adds each tree's new left (even) and right (odd) children into its level sums: K_0 of tree b at words
     * {@code 4 (b depth + d)}, {@code + 1}, K_1 at the next two.
     */
    void expand(long[] nodes, int trees, int d, int depth, long[] sums) {
        // From the top down: a batch's children land at or above its first node, over nodes already expanded.
        for (int end = trees << d; end > 0; end -= BATCH) {
            int start = Math.max(0, end - BATCH);
            int n = end - start;
            for (int i = 0; i < 2 * n; i++) {
                LONGS.set(parents, 8 * i, nodes[2 * start + i]);
            }
            encrypt(left, n, lefts);
            encrypt(right, n, rights);
            for (int i = start; i < end;) {
                int tree = i >>> d;
                int treeEnd = Math.min(end, (tree + 1) << d);
                long k0Lo = 0;
                long k0Hi = 0;
                long k1Lo = 0;
                long k1Hi = 0;
                for (; i < treeEnd; i++) {
                    int at = 16 * (i - start);
                    long lo = (long) LONGS.get(parents, at);
                    long hi = (long) LONGS.get(parents, at + 8);
                    long leftLo = (long) LONGS.get(lefts, at) ^ lo;
                    long leftHi = (long) LONGS.get(lefts, at + 8) ^ hi;
                    long rightLo = (long) LONGS.get(rights, at) ^ lo;
                    long rightHi = (long) LONGS.get(rights, at + 8) ^ hi;
                    nodes[4 * i] = leftLo;
                    nodes[4 * i + 1] = leftHi;
                    nodes[4 * i + 2] = rightLo;
                    nodes[4 * i + 3] = rightHi;
                    k0Lo ^= leftLo;
                    k0Hi ^= leftHi;
                    k1Lo ^= rightLo;
                    k1Hi ^= rightHi;
                }
                int s = 4 * (tree * depth + d);
                sums[s] ^= k0Lo;
                sums[s + 1] ^= k0Hi;
                sums[s + 2] ^= k1Lo;
                sums[s + 3] ^= k1Hi;
            }
        }
    }

    private void encrypt(Cipher c, int blocks, byte[] out) {
        try {
            c.update(parents, 0, 16 * blocks, out, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
