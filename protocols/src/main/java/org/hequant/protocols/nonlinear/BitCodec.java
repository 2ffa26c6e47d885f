package org.hequant.protocols.nonlinear;

/** Packs bits and fixed-width values into bytes for the protocols' own messages. */
final class BitCodec {
    private BitCodec() {
    }

    static byte[] packBits(boolean[]... groups) {
        int total = 0;
        for (boolean[] g : groups) {
            total += g.length;
        }
        byte[] out = new byte[(total + 7) / 8];
        int k = 0;
        for (boolean[] g : groups) {
            for (boolean b : g) {
                if (b) {
                    out[k >>> 3] |= (byte) (1 << (k & 7));
                }
                k++;
            }
        }
        return out;
    }

    /** Splits a packed message back into groups of the given sizes. */
    static boolean[][] unpackBits(byte[] in, int... sizes) {
        int total = 0;
        for (int s : sizes) {
            total += s;
        }
        if (in.length != (total + 7) / 8) {
            throw new IllegalArgumentException("bit message of " + in.length + " bytes, expected " + (total + 7) / 8);
        }
        boolean[][] out = new boolean[sizes.length][];
        int k = 0;
        for (int g = 0; g < sizes.length; g++) {
            out[g] = new boolean[sizes[g]];
            for (int i = 0; i < sizes[g]; i++, k++) {
                out[g][i] = ((in[k >>> 3] >>> (k & 7)) & 1) != 0;
            }
        }
        return out;
    }

    static byte[] packValues(long[] values, int bits) {
        byte[] out = new byte[(int) (((long) values.length * bits + 7) / 8)];
        long k = 0;
        for (long v : values) {
            for (int b = 0; b < bits; b++, k++) {
                if (((v >>> b) & 1) != 0) {
                    out[(int) (k >>> 3)] |= (byte) (1 << (k & 7));
                }
            }
        }
        return out;
    }

    static long[] unpackValues(byte[] in, int count, int bits) {
        if (in.length != (int) (((long) count * bits + 7) / 8)) {
            throw new IllegalArgumentException("value message of " + in.length + " bytes for " + count + " x " + bits
                    + " bits");
        }
        long[] out = new long[count];
        long k = 0;
        for (int i = 0; i < count; i++) {
            long v = 0;
            for (int b = 0; b < bits; b++, k++) {
                v |= (long) ((in[(int) (k >>> 3)] >>> (k & 7)) & 1) << b;
            }
            out[i] = v;
        }
        return out;
    }
}
