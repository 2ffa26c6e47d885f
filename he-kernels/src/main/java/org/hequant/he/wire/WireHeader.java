package org.hequant.he.wire;

import org.hequant.he.rlwe.RlweContext;

/**
 * The 10-byte header every serialized kernel object starts with:
 * <pre>
 *   0..1  magic "HQ"
 *   2     format version (currently 1)
 *   3     kind (see {@link Kind})
 *   4     log2 N
 *   5     number of primes the object carries (its level)
 *   6..9  fingerprint of N and the context's prime chain, big-endian
 * </pre>
 */
final class WireHeader {
    static final int BYTES = 10;
    static final int VERSION = 1;
    private static final byte MAGIC0 = 'H';
    private static final byte MAGIC1 = 'Q';

    enum Kind {
        SEEDED_CIPHERTEXT(1), CIPHERTEXT(2), RESPONSE(3), PUBLIC_KEY(4), SECRET_KEY(5), GALOIS_KEYS(6),
        KEY_SWITCHING_KEY(7);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        static String name(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k.name();
                }
            }
            return "unknown kind " + code;
        }
    }

    private WireHeader() {
    }

    static void write(byte[] out, Kind kind, RlweContext context, int level) {
        out[0] = MAGIC0;
        out[1] = MAGIC1;
        out[2] = VERSION;
        out[3] = (byte) kind.code;
        out[4] = (byte) Integer.numberOfTrailingZeros(context.degree());
        out[5] = (byte) level;
        int f = context.fingerprint();
        out[6] = (byte) (f >>> 24);
        out[7] = (byte) (f >>> 16);
        out[8] = (byte) (f >>> 8);
        out[9] = (byte) f;
    }

    /** Checks the header against the expected kind and context; returns the level it declares. */
    static int read(byte[] in, Kind kind, RlweContext context) {
        if (in == null || in.length < BYTES) {
            throw new MalformedWireDataException(kind + ": input of " + (in == null ? 0 : in.length)
                    + " bytes is shorter than the " + BYTES + "-byte header");
        }
        if (in[0] != MAGIC0 || in[1] != MAGIC1) {
            throw new MalformedWireDataException(kind + ": bad magic bytes (not a hequant object)");
        }
        if (in[2] != VERSION) {
            throw new MalformedWireDataException(kind + ": unsupported format version " + (in[2] & 0xff)
                    + " (this build reads version " + VERSION + ")");
        }
        if (in[3] != kind.code) {
            throw new MalformedWireDataException("expected " + kind + " but the header says " + Kind.name(in[3] & 0xff));
        }
        int logN = in[4] & 0xff;
        int expectedLogN = Integer.numberOfTrailingZeros(context.degree());
        if (logN != expectedLogN) {
            throw new MalformedWireDataException(kind + ": header log2(N) = " + logN + " but the context has N = "
                    + context.degree());
        }
        int level = in[5] & 0xff;
        if (level < 1 || level > context.maxLevel()) {
            throw new MalformedWireDataException(kind + ": header level " + level + " outside [1, "
                    + context.maxLevel() + "]");
        }
        int f = ((in[6] & 0xff) << 24) | ((in[7] & 0xff) << 16) | ((in[8] & 0xff) << 8) | (in[9] & 0xff);
        if (f != context.fingerprint()) {
            throw new MalformedWireDataException(kind + ": parameter fingerprint " + Integer.toHexString(f)
                    + " does not match this context's " + Integer.toHexString(context.fingerprint())
                    + " (different N or primes)");
        }
        return level;
    }
}
