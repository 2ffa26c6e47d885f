package org.hequant.he.wire;

import org.hequant.he.bfv.KeySwitchingKey;
import org.hequant.he.rlwe.GaloisKeys;
import org.hequant.he.rlwe.KeyGenerator;
import org.hequant.he.rlwe.PublicKey;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.he.rns.RnsPoly;
import org.hequant.he.sampling.Prg;

/**
 * Wire format (version 1) of keys. After the {@link WireHeader}:
 * <ul>
 *   <li>public key: the 16-byte seed of p1 = a, then p0 (NTT form, full basis) bit-packed;</li>
 *   <li>secret key: N ternary coefficients at 2 bits each (0, 1, 2 for -1, 0, 1; 3 is invalid). It never
 *       leaves the client; this form is for storing it.</li>
 *   <li>Galois keys: the key count (2 bytes, big-endian), then per key its Galois element (4 bytes,
 *       big-endian; odd, ascending), the 16-byte seed of k1 and k0 (NTT form, full basis) bit-packed, each
 *       key padded to whole bytes.</li>
 *   <li>key-switching key (e.g. BFV's relinearisation key): per prime of Q one digit, its 16-byte seed of a_i
 *       and k0_i (NTT form, full basis) bit-packed, each digit padded to whole bytes; the digit count follows
 *       from the context.</li>
 * </ul>
 */
public final class KeyCodec {
    private static final int PUBLIC_PREFIX = WireHeader.BYTES + Prg.SEED_BYTES;

    private KeyCodec() {
    }

    public static int publicKeySize(RlweContext context) {
        return PUBLIC_PREFIX + PolyPacking.bytesFor(PolyPacking.bits(context.basis()));
    }

    public static byte[] writePublicKey(PublicKey pk) {
        RlweContext context = pk.context();
        byte[] out = new byte[publicKeySize(context)];
        WireHeader.write(out, WireHeader.Kind.PUBLIC_KEY, context, context.maxLevel());
        System.arraycopy(pk.seed(), 0, out, WireHeader.BYTES, Prg.SEED_BYTES);
        BitWriter w = new BitWriter(out, PUBLIC_PREFIX);
        PolyPacking.write(w, pk.p0());
        w.finish();
        return out;
    }

    public static PublicKey readPublicKey(RlweContext context, byte[] in) {
        String what = "public key";
        int level = WireHeader.read(in, WireHeader.Kind.PUBLIC_KEY, context);
        if (level != context.maxLevel()) {
            throw new MalformedWireDataException(what + ": header level " + level + " but keys span all "
                    + context.maxLevel() + " primes");
        }
        PolyPacking.requireLength(in, publicKeySize(context), what);
        byte[] seed = new byte[Prg.SEED_BYTES];
        System.arraycopy(in, WireHeader.BYTES, seed, 0, Prg.SEED_BYTES);
        BitReader r = new BitReader(in, PUBLIC_PREFIX);
        RnsPoly p0 = PolyPacking.read(r, context.basis(), true, what + " p0");
        PolyPacking.requireZeroPadding(r, what);
        return new PublicKey(context, p0, seed);
    }

    /** More than any packing needs (log2 N elements), small enough that sizes cannot overflow. */
    private static final int MAX_GALOIS_KEYS = 64;

    private static int galoisKeyBytes(RlweContext context) {
        return 4 + Prg.SEED_BYTES + PolyPacking.bytesFor(PolyPacking.bits(context.basis()));
    }

    public static int galoisKeysSize(RlweContext context, int count) {
        return WireHeader.BYTES + 2 + count * galoisKeyBytes(context);
    }

    public static byte[] writeGaloisKeys(GaloisKeys keys) {
        RlweContext context = keys.context();
        int count = keys.keys().size();
        byte[] out = new byte[galoisKeysSize(context, count)];
        WireHeader.write(out, WireHeader.Kind.GALOIS_KEYS, context, context.maxLevel());
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out);
        b.position(WireHeader.BYTES);
        b.putShort((short) count);
        int offset = WireHeader.BYTES + 2;
        for (java.util.Map.Entry<Integer, GaloisKeys.Key> e : keys.keys().entrySet()) {
            b.putInt(offset, e.getKey());
            System.arraycopy(e.getValue().seed(), 0, out, offset + 4, Prg.SEED_BYTES);
            BitWriter w = new BitWriter(out, offset + 4 + Prg.SEED_BYTES);
            PolyPacking.write(w, e.getValue().k0());
            w.finish();
            offset += galoisKeyBytes(context);
        }
        return out;
    }

    public static GaloisKeys readGaloisKeys(RlweContext context, byte[] in) {
        String what = "Galois keys";
        int level = WireHeader.read(in, WireHeader.Kind.GALOIS_KEYS, context);
        if (level != context.maxLevel()) {
            throw new MalformedWireDataException(what + ": header level " + level + " but keys span all "
                    + context.maxLevel() + " primes");
        }
        if (in.length < WireHeader.BYTES + 2) {
            throw new MalformedWireDataException(what + ": " + in.length + " bytes, too short for the key count");
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(in);
        int count = b.getShort(WireHeader.BYTES) & 0xffff;
        if (count > MAX_GALOIS_KEYS) {
            throw new MalformedWireDataException(what + ": " + count + " keys announced, at most " + MAX_GALOIS_KEYS);
        }
        PolyPacking.requireLength(in, galoisKeysSize(context, count), what + " (" + count + " keys)");
        java.util.Map<Integer, GaloisKeys.Key> keys = new java.util.TreeMap<>();
        int offset = WireHeader.BYTES + 2;
        int previous = 0;
        for (int k = 0; k < count; k++) {
            int element = b.getInt(offset);
            // ascending order, as the writer emits them, so that one set of keys has exactly one encoding
            if ((element & 1) == 0 || element <= previous || element >= 2 * context.degree()) {
                throw new MalformedWireDataException(what + ": key " + k + " has an invalid, repeated or out-of-order "
                        + "Galois element " + element + " (at byte " + offset + "; odd, ascending, below 2N)");
            }
            previous = element;
            byte[] seed = java.util.Arrays.copyOfRange(in, offset + 4, offset + 4 + Prg.SEED_BYTES);
            BitReader r = new BitReader(in, offset + 4 + Prg.SEED_BYTES);
            RnsPoly k0 = PolyPacking.read(r, context.basis(), true, what + " key " + k);
            keys.put(element, new GaloisKeys.Key(k0, seed));
            offset += galoisKeyBytes(context);
        }
        return new GaloisKeys(context, keys);
    }

    /** One digit per prime of Q: everything but the special prime. */
    public static int keySwitchingKeySize(RlweContext context) {
        return WireHeader.BYTES + (context.maxLevel() - 1) * keySwitchingDigitBytes(context);
    }

    private static int keySwitchingDigitBytes(RlweContext context) {
        return Prg.SEED_BYTES + PolyPacking.bytesFor(PolyPacking.bits(context.basis()));
    }

    public static byte[] writeKeySwitchingKey(KeySwitchingKey key) {
        RlweContext context = key.context();
        byte[] out = new byte[keySwitchingKeySize(context)];
        WireHeader.write(out, WireHeader.Kind.KEY_SWITCHING_KEY, context, context.maxLevel());
        int digitBytes = keySwitchingDigitBytes(context);
        for (int i = 0; i < key.digits(); i++) {
            int offset = WireHeader.BYTES + i * digitBytes;
            System.arraycopy(key.seed(i), 0, out, offset, Prg.SEED_BYTES);
            BitWriter w = new BitWriter(out, offset + Prg.SEED_BYTES);
            PolyPacking.write(w, key.k0(i));
            w.finish();
        }
        return out;
    }

    public static KeySwitchingKey readKeySwitchingKey(RlweContext context, byte[] in) {
        String what = "key-switching key";
        int level = WireHeader.read(in, WireHeader.Kind.KEY_SWITCHING_KEY, context);
        if (level != context.maxLevel()) {
            throw new MalformedWireDataException(what + ": header level " + level + " but keys span all "
                    + context.maxLevel() + " primes");
        }
        PolyPacking.requireLength(in, keySwitchingKeySize(context), what);
        int digits = context.maxLevel() - 1;
        int digitBytes = keySwitchingDigitBytes(context);
        RnsPoly[] k0 = new RnsPoly[digits];
        byte[][] seeds = new byte[digits][];
        for (int i = 0; i < digits; i++) {
            int offset = WireHeader.BYTES + i * digitBytes;
            seeds[i] = java.util.Arrays.copyOfRange(in, offset, offset + Prg.SEED_BYTES);
            BitReader r = new BitReader(in, offset + Prg.SEED_BYTES);
            k0[i] = PolyPacking.read(r, context.basis(), true, what + " digit " + i);
            PolyPacking.requireZeroPadding(r, what + " digit " + i);
        }
        return new KeySwitchingKey(context, k0, seeds);
    }

    public static int secretKeySize(RlweContext context) {
        return WireHeader.BYTES + PolyPacking.bytesFor(2L * context.degree());
    }

    public static byte[] writeSecretKey(SecretKey sk) {
        RlweContext context = sk.context();
        byte[] out = new byte[secretKeySize(context)];
        WireHeader.write(out, WireHeader.Kind.SECRET_KEY, context, context.maxLevel());
        BitWriter w = new BitWriter(out, WireHeader.BYTES);
        for (long c : sk.coefficients()) {
            w.write(c + 1, 2);
        }
        w.finish();
        return out;
    }

    public static SecretKey readSecretKey(RlweContext context, byte[] in) {
        String what = "secret key";
        int level = WireHeader.read(in, WireHeader.Kind.SECRET_KEY, context);
        if (level != context.maxLevel()) {
            throw new MalformedWireDataException(what + ": header level " + level + " but keys span all "
                    + context.maxLevel() + " primes");
        }
        PolyPacking.requireLength(in, secretKeySize(context), what);
        BitReader r = new BitReader(in, WireHeader.BYTES);
        long[] s = new long[context.degree()];
        for (int j = 0; j < s.length; j++) {
            long v = r.read(2);
            if (v == 3) {
                throw new MalformedWireDataException(what + ": coefficient " + j + " has the invalid code 3");
            }
            s[j] = v - 1;
        }
        return KeyGenerator.fromTernary(context, s);
    }
}
