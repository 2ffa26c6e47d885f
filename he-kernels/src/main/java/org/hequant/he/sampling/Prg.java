package org.hequant.he.sampling;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic pseudorandom generator: AES-128 in counter mode keyed by a 16-byte seed, through
 * javax.crypto (AES-NI intrinsics). Output is produced in large buffers because each Cipher call costs
 * tens of nanoseconds. Two parties holding the same seed expand the same stream, which is what lets a
 * seeded ciphertext ship only its seed instead of the uniform polynomial.
 */
public final class Prg {
    public static final int SEED_BYTES = 16;
    private static final int BUFFER_BYTES = 8192;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Cipher cipher;
    private final byte[] zeros = new byte[BUFFER_BYTES];
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private int position = BUFFER_BYTES;

    public Prg(byte[] seed) {
        if (seed.length != SEED_BYTES) {
            throw new IllegalArgumentException("PRG seed must be " + SEED_BYTES + " bytes, got " + seed.length);
        }
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), new IvParameterSpec(new byte[16]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is unavailable in this JVM", e);
        }
    }

    /** A PRG keyed by a fresh seed ({@link SeedSource}: SecureRandom unless a reproducible run asked otherwise). */
    public static Prg fromSystemEntropy() {
        return new Prg(freshSeed());
    }

    public static byte[] freshSeed() {
        byte[] seed = new byte[SEED_BYTES];
        SeedSource.fill(seed);
        return seed;
    }

    private void refill() {
        try {
            int produced = cipher.update(zeros, 0, BUFFER_BYTES, buffer, 0);
            if (produced != BUFFER_BYTES) {
                throw new IllegalStateException("AES-CTR produced " + produced + " bytes instead of " + BUFFER_BYTES);
            }
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException(e);
        }
        position = 0;
    }

    public long nextLong() {
        if (position > BUFFER_BYTES - 8) {
            refill();
        }
        long v = (long) LONGS.get(buffer, position);
        position += 8;
        return v;
    }

    /** Fills {@code out} with uniform 64-bit words. */
    public void nextLongs(long[] out, int offset, int count) {
        int i = offset;
        int end = offset + count;
        while (i < end) {
            if (position > BUFFER_BYTES - 8) {
                refill();
            }
            int available = (BUFFER_BYTES - position) >>> 3;
            int take = Math.min(available, end - i);
            for (int k = 0; k < take; k++) {
                out[i + k] = (long) LONGS.get(buffer, position + 8 * k);
            }
            position += 8 * take;
            i += take;
        }
    }
}
