package org.hequant.he.wire;

import org.hequant.he.math.Modulus;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.ResponseCiphertext;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.SeededCiphertext;
import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;
import org.hequant.he.sampling.Prg;

/**
 * Wire format (version 1) of ciphertexts. After the {@link WireHeader}:
 * <ul>
 *   <li>seeded ciphertext: 1 form byte (1 = NTT), the 16-byte PRG seed of c1, then c0 bit-packed;</li>
 *   <li>ciphertext: 1 form byte (0 = coefficients, 1 = NTT), 1 size byte (2..8), then each part
 *       bit-packed;</li>
 *   <li>response (level 1 only): 1 byte c0 dropped bits, 1 byte c1 dropped bits, 4-byte big-endian
 *       count of kept c0 coefficients, then all N values of c1 at bitLength(floor((q_0-1)/2^d1)) bits,
 *       then the kept c0 values in plan order at bitLength(floor((q_0-1)/2^d0)) bits. The kept indices
 *       are not sent: the layer plan is public and the reader is given them.</li>
 * </ul>
 * Bit-packed data is LSB first, residues at exactly bitLength(q_i) bits, zero-padded to a whole byte.
 * Readers compute the exact expected length from the header and the context before allocating anything
 * from the input, so truncated, oversized or hostile input fails fast with a message naming the field.
 */
public final class CiphertextCodec {
    private static final int SEEDED_PREFIX = WireHeader.BYTES + 1 + Prg.SEED_BYTES;
    private static final int CIPHERTEXT_PREFIX = WireHeader.BYTES + 2;
    private static final int RESPONSE_PREFIX = WireHeader.BYTES + 6;
    private static final int MAX_PARTS = 8;

    private CiphertextCodec() {
    }

    public static int seededSize(RlweContext context, int level) {
        return SEEDED_PREFIX + PolyPacking.bytesFor(PolyPacking.bits(context.basisAtLevel(level)));
    }

    public static byte[] writeSeeded(RlweContext context, SeededCiphertext ct) {
        byte[] out = new byte[seededSize(context, ct.level())];
        WireHeader.write(out, WireHeader.Kind.SEEDED_CIPHERTEXT, context, ct.level());
        out[WireHeader.BYTES] = 1;
        System.arraycopy(ct.seed(), 0, out, WireHeader.BYTES + 1, Prg.SEED_BYTES);
        BitWriter w = new BitWriter(out, SEEDED_PREFIX);
        PolyPacking.write(w, ct.c0());
        w.finish();
        return out;
    }

    public static SeededCiphertext readSeeded(RlweContext context, byte[] in) {
        String what = "seeded ciphertext";
        int level = WireHeader.read(in, WireHeader.Kind.SEEDED_CIPHERTEXT, context);
        PolyPacking.requireLength(in, seededSize(context, level), what);
        if (in[WireHeader.BYTES] != 1) {
            throw new MalformedWireDataException(what + ": form byte " + in[WireHeader.BYTES] + " (must be 1 = NTT)");
        }
        byte[] seed = new byte[Prg.SEED_BYTES];
        System.arraycopy(in, WireHeader.BYTES + 1, seed, 0, Prg.SEED_BYTES);
        BitReader r = new BitReader(in, SEEDED_PREFIX);
        RnsPoly c0 = PolyPacking.read(r, context.basisAtLevel(level), true, what + " c0");
        PolyPacking.requireZeroPadding(r, what);
        return new SeededCiphertext(c0, seed);
    }

    public static int ciphertextSize(RlweContext context, int level, int parts) {
        return CIPHERTEXT_PREFIX + PolyPacking.bytesFor(parts * PolyPacking.bits(context.basisAtLevel(level)));
    }

    public static byte[] writeCiphertext(RlweContext context, Ciphertext ct) {
        byte[] out = new byte[ciphertextSize(context, ct.level(), ct.size())];
        WireHeader.write(out, WireHeader.Kind.CIPHERTEXT, context, ct.level());
        out[WireHeader.BYTES] = (byte) (ct.isNtt() ? 1 : 0);
        out[WireHeader.BYTES + 1] = (byte) ct.size();
        BitWriter w = new BitWriter(out, CIPHERTEXT_PREFIX);
        for (int i = 0; i < ct.size(); i++) {
            PolyPacking.write(w, ct.part(i));
        }
        w.finish();
        return out;
    }

    public static Ciphertext readCiphertext(RlweContext context, byte[] in) {
        String what = "ciphertext";
        int level = WireHeader.read(in, WireHeader.Kind.CIPHERTEXT, context);
        if (in.length < CIPHERTEXT_PREFIX) {
            PolyPacking.requireLength(in, CIPHERTEXT_PREFIX, what);
        }
        int form = in[WireHeader.BYTES];
        if (form != 0 && form != 1) {
            throw new MalformedWireDataException(what + ": form byte " + form + " (must be 0 or 1)");
        }
        int size = in[WireHeader.BYTES + 1];
        if (size < 2 || size > MAX_PARTS) {
            throw new MalformedWireDataException(what + ": size byte " + size + " outside [2, " + MAX_PARTS + "]");
        }
        PolyPacking.requireLength(in, ciphertextSize(context, level, size), what);
        BitReader r = new BitReader(in, CIPHERTEXT_PREFIX);
        RnsBasis basis = context.basisAtLevel(level);
        RnsPoly[] parts = new RnsPoly[size];
        for (int i = 0; i < size; i++) {
            parts[i] = PolyPacking.read(r, basis, form == 1, what + " part " + i);
        }
        PolyPacking.requireZeroPadding(r, what);
        return new Ciphertext(parts);
    }

    public static int responseSize(RlweContext context, int keptCount, int c0DroppedBits, int c1DroppedBits) {
        Modulus q0 = context.basis().modulus(0);
        long bits = (long) context.degree() * ResponseCiphertext.highBits(q0, c1DroppedBits)
                + (long) keptCount * ResponseCiphertext.highBits(q0, c0DroppedBits);
        return RESPONSE_PREFIX + PolyPacking.bytesFor(bits);
    }

    public static byte[] writeResponse(RlweContext context, ResponseCiphertext ct) {
        int d0 = ct.c0DroppedBits();
        int d1 = ct.c1DroppedBits();
        int count = ct.keptCount();
        byte[] out = new byte[responseSize(context, count, d0, d1)];
        WireHeader.write(out, WireHeader.Kind.RESPONSE, context, 1);
        out[WireHeader.BYTES] = (byte) d0;
        out[WireHeader.BYTES + 1] = (byte) d1;
        writeInt(out, WireHeader.BYTES + 2, count);
        Modulus q0 = context.basis().modulus(0);
        BitWriter w = new BitWriter(out, RESPONSE_PREFIX);
        int c1Bits = ResponseCiphertext.highBits(q0, d1);
        for (int j = 0; j < context.degree(); j++) {
            w.write(ct.c1High(j), c1Bits);
        }
        int c0Bits = ResponseCiphertext.highBits(q0, d0);
        for (int i = 0; i < count; i++) {
            w.write(ct.c0High(i), c0Bits);
        }
        w.finish();
        return out;
    }

    /** Reads a response whose kept c0 positions are {@code keptIndices} (from the public layer plan). */
    public static ResponseCiphertext readResponse(RlweContext context, byte[] in, int[] keptIndices) {
        String what = "response";
        int level = WireHeader.read(in, WireHeader.Kind.RESPONSE, context);
        if (level != 1) {
            throw new MalformedWireDataException(what + ": header level " + level + " (responses are at level 1)");
        }
        if (in.length < RESPONSE_PREFIX) {
            PolyPacking.requireLength(in, RESPONSE_PREFIX, what);
        }
        Modulus q0 = context.basis().modulus(0);
        int d0 = in[WireHeader.BYTES] & 0xff;
        int d1 = in[WireHeader.BYTES + 1] & 0xff;
        if (d0 >= q0.bitLength() || d1 >= q0.bitLength()) {
            throw new MalformedWireDataException(what + ": dropped bits c0 = " + d0 + ", c1 = " + d1
                    + " must be below bitLength(q_0) = " + q0.bitLength());
        }
        int count = readInt(in, WireHeader.BYTES + 2);
        if (count != keptIndices.length) {
            throw new MalformedWireDataException(what + ": kept-coefficient count " + count + " but the plan keeps "
                    + keptIndices.length);
        }
        PolyPacking.requireLength(in, responseSize(context, count, d0, d1), what);
        BitReader r = new BitReader(in, RESPONSE_PREFIX);
        long[] c1 = readBounded(r, context.degree(), q0, d1, what + " c1");
        long[] c0 = readBounded(r, count, q0, d0, what + " c0");
        PolyPacking.requireZeroPadding(r, what);
        return new ResponseCiphertext(context, keptIndices, d0, d1, c0, c1);
    }

    private static long[] readBounded(BitReader r, int count, Modulus q0, int dropped, String what) {
        int bits = ResponseCiphertext.highBits(q0, dropped);
        long max = ResponseCiphertext.maxHigh(q0, dropped);
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            long v = r.read(bits);
            if (v > max) {
                throw new MalformedWireDataException(what + " value " + i + " = " + v + " exceeds " + max);
            }
            values[i] = v;
        }
        return values;
    }

    static void writeInt(byte[] out, int offset, int v) {
        out[offset] = (byte) (v >>> 24);
        out[offset + 1] = (byte) (v >>> 16);
        out[offset + 2] = (byte) (v >>> 8);
        out[offset + 3] = (byte) v;
    }

    static int readInt(byte[] in, int offset) {
        return ((in[offset] & 0xff) << 24) | ((in[offset + 1] & 0xff) << 16) | ((in[offset + 2] & 0xff) << 8)
                | (in[offset + 3] & 0xff);
    }
}
