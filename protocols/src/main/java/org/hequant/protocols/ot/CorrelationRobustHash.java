package org.hequant.protocols.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tweakable correlation-robust hash that turns correlated OTs (q, q xor Delta) into independent pads:
 * H(i, x) = pi(sigma(x) xor i) xor sigma(x), with pi fixed-key AES-128 and sigma(xL || xR) = (xL xor xR) || xL
 * the linear orthomorphism of Guo, Katz, Wang and Yu (S&amp;P 2020). Every hashed block of a session gets a
 * distinct tweak i, so an attacker who sees H(i, q) for many i learns nothing about H(i, q xor Delta).
 * The AES key is public and fixed (the security argument treats pi as a random permutation).
 *
 * <p>Blocks are pairs of longs (low word first, little-endian as AES input). A javax.crypto call costs tens
 * of nanoseconds, so the hash always encrypts a whole buffer of blocks per {@code Cipher.update}.
 * Not thread-safe: each party owns one instance.
 */
public final class CorrelationRobustHash {
    private static final int BATCH_BLOCKS = 2048;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Public and arbitrary ("nothing up my sleeve": the ASCII of the construction's name). */
    private static final byte[] FIXED_KEY = "hequant-tccr-aes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Cipher aes;
    private final byte[] plain = new byte[16 * BATCH_BLOCKS];
    private final byte[] cipher = new byte[16 * BATCH_BLOCKS];

    public CorrelationRobustHash() {
        try {
            aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(FIXED_KEY, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB is unavailable in this JVM", e);
        }
    }

    /**
     * For i &lt; count: hashes block x_i xor (dLo, dHi) (x_i at {@code x[xOff + 2i]}, {@code x[xOff + 2i + 1]})
     * under tweak (tweak + i, 0). Writes the 128-bit result to {@code out[outOff + 2i ..]}, or only its low
     * word to {@code out[outOff + i]} when {@code lowOnly} (all that messages of at most 64 bits need).
     */
    void hash(long[] x, int xOff, long dLo, long dHi, long tweak, long[] out, int outOff, int count, boolean lowOnly) {
        for (int done = 0; done < count; done += BATCH_BLOCKS) {
            int n = Math.min(BATCH_BLOCKS, count - done);
            int base = xOff + 2 * done;
            long tw = tweak + done;
            for (int i = 0; i < n; i++) {
                long lo = x[base + 2 * i] ^ dLo;
                long hi = x[base + 2 * i + 1] ^ dHi;
                LONGS.set(plain, 16 * i, hi ^ (tw + i));
                LONGS.set(plain, 16 * i + 8, hi ^ lo);
            }
            encrypt(n);
            finish(x, base, dLo, dHi, out, outOff + (lowOnly ? done : 2 * done), n, lowOnly);
        }
    }

    /** As {@link #hash} for full blocks, but block i takes its own 128-bit tweak {@code tweaks[2i], tweaks[2i + 1]}. */
    public void hashTweaked(long[] x, long[] tweaks, long[] out, int count) {
        for (int done = 0; done < count; done += BATCH_BLOCKS) {
            int n = Math.min(BATCH_BLOCKS, count - done);
            int base = 2 * done;
            for (int i = 0; i < n; i++) {
                long lo = x[base + 2 * i];
                long hi = x[base + 2 * i + 1];
                LONGS.set(plain, 16 * i, hi ^ tweaks[base + 2 * i]);
                LONGS.set(plain, 16 * i + 8, hi ^ lo ^ tweaks[base + 2 * i + 1]);
            }
            encrypt(n);
            finish(x, base, 0, 0, out, base, n, false);
        }
    }

    private void encrypt(int blocks) {
        try {
            aes.update(plain, 0, 16 * blocks, cipher, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds sigma(x) back onto pi's output (the Matyas-Meyer-Oseas feed-forward). */
    private void finish(long[] x, int base, long dLo, long dHi, long[] out, int outOff, int n, boolean lowOnly) {
        for (int i = 0; i < n; i++) {
            long lo = x[base + 2 * i] ^ dLo;
            long hi = x[base + 2 * i + 1] ^ dHi;
            long rLo = (long) LONGS.get(cipher, 16 * i) ^ hi;
            if (lowOnly) {
                out[outOff + i] = rLo;
            } else {
                out[outOff + 2 * i] = rLo;
                out[outOff + 2 * i + 1] = (long) LONGS.get(cipher, 16 * i + 8) ^ hi ^ lo;
            }
        }
    }
}
