package org.hequant.he.wire;

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
