package org.hequant.he.wire;

import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;

/** RNS polynomials on the wire: limb after limb, each residue at exactly bitLength(q_i) bits. */
final class PolyPacking {
    private PolyPacking() {
    }

    static long bits(RnsBasis basis) {
        return (long) basis.degree() * basis.totalBits();
    }

    static void write(BitWriter w, RnsPoly p) {
        RnsBasis basis = p.basis();
        for (int i = 0; i < basis.size(); i++) {
            int bits = basis.modulus(i).bitLength();
            for (long v : p.limb(i)) {
                w.write(v, bits);
            }
        }
    }

    static RnsPoly read(BitReader r, RnsBasis basis, boolean ntt, String what) {
        long[][] limbs = new long[basis.size()][basis.degree()];
        for (int i = 0; i < limbs.length; i++) {
            long q = basis.modulus(i).value();
            int bits = basis.modulus(i).bitLength();
            long[] limb = limbs[i];
            for (int j = 0; j < limb.length; j++) {
                long v = r.read(bits);
                if (v >= q) {
                    throw new MalformedWireDataException(what + ": limb " + i + " coefficient " + j + " = " + v
                            + " is not below its prime " + q);
                }
                limb[j] = v;
            }
        }
        return RnsPoly.wrap(basis, limbs, ntt);
    }

    static int bytesFor(long bits) {
        return (int) ((bits + 7) / 8);
    }

    static void requireLength(byte[] in, int expected, String what) {
        if (in.length < expected) {
            throw new MalformedWireDataException(what + ": truncated, " + in.length + " bytes where " + expected
                    + " are required");
        }
        if (in.length > expected) {
            throw new MalformedWireDataException(what + ": " + (in.length - expected) + " trailing bytes after the "
                    + expected + " expected");
        }
    }

    static void requireZeroPadding(BitReader r, String what) {
        if (!r.paddingIsZero()) {
            throw new MalformedWireDataException(what + ": non-zero padding bits in the last byte");
        }
    }
}
