package org.hequant.engine;

import org.hequant.protocols.sharing.ShareRing;

/** The engine's own message: a tensor of shares, each in ceil(l / 8) little-endian bytes. */
final class Messages {
    private Messages() {
    }

    static byte[] packShares(long[] shares, int bits) {
        int per = (bits + 7) / 8;
        byte[] out = new byte[per * shares.length];
        for (int i = 0; i < shares.length; i++) {
            for (int b = 0; b < per; b++) {
                out[i * per + b] = (byte) (shares[i] >>> (8 * b));
            }
        }
        return out;
    }

    static long[] unpackShares(byte[] message, int count, int bits) {
        int per = (bits + 7) / 8;
        if (message.length != per * count) {
            throw new IllegalArgumentException("output shares: " + message.length + " bytes, expected " + per * count);
        }
        long mask = ShareRing.mask(bits);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            long v = 0;
            for (int b = 0; b < per; b++) {
                v |= (message[i * per + b] & 0xffL) << (8 * b);
            }
            if ((v & ~mask) != 0) {
                throw new IllegalArgumentException("output share " + i + " is not an element of Z_2^" + bits);
            }
            out[i] = v;
        }
        return out;
    }
}
