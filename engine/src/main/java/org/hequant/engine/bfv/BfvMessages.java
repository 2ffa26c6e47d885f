package org.hequant.engine.bfv;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.hequant.he.bfv.KeySwitchingKey;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.wire.CiphertextCodec;
import org.hequant.he.wire.KeyCodec;

/**
 * The two messages of non-interactive BFV inference on the wire, version 1. Every field's size follows from the
 * public plan, so each message has one exact length, which a server checks before reading anything else (and a
 * TCP server before allocating for it).
 * <ul>
 *   <li>upload: magic "HQBFVU", version, CRT channels (1 byte), input positions (4 bytes, big-endian), the
 *       relinearisation key ({@link KeyCodec#writeKeySwitchingKey}), then per channel per input position one
 *       seeded ciphertext ({@link CiphertextCodec#writeSeeded}). The number of images is not sent: unused slots
 *       are zeros and the server evaluates every slot alike.</li>
 *   <li>response: magic "HQBFVR", version, CRT channels (1 byte), logits (4 bytes), then per channel per logit
 *       one two-part ciphertext ({@link CiphertextCodec#writeCiphertext}).</li>
 * </ul>
 * The embedded keys and ciphertexts carry their own headers (kind, N, prime-chain fingerprint), checked when they
 * are decoded.
 */
public final class BfvMessages {
    private static final byte[] UPLOAD_MAGIC = "HQBFVU".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE_MAGIC = "HQBFVR".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    private static final int HEADER = 6 + 1 + 1 + 4;

    private BfvMessages() {
    }

    /**
     * The client's upload as the server holds it: public material only. A channel's ciphertexts are cut from the
     * message when that channel is evaluated, so the server never holds a second copy of the whole upload.
     */
    public static final class Upload {
        private final KeySwitchingKey relinearizationKey;
        private final byte[] message;
        private final int positions;
        private final int ciphertextBytes;
        private final int start;

        private Upload(KeySwitchingKey relinearizationKey, byte[] message, int positions, int ciphertextBytes,
                int start) {
            this.relinearizationKey = relinearizationKey;
            this.message = message;
            this.positions = positions;
            this.ciphertextBytes = ciphertextBytes;
            this.start = start;
        }

        public KeySwitchingKey relinearizationKey() {
            return relinearizationKey;
        }

        /** Channel {@code channel}'s serialized seeded ciphertexts, one per input position. */
        public byte[][] ciphertexts(int channel) {
            byte[][] out = new byte[positions][];
            for (int i = 0; i < positions; i++) {
                int from = start + (channel * positions + i) * ciphertextBytes;
                out[i] = Arrays.copyOfRange(message, from, from + ciphertextBytes);
            }
            return out;
        }
    }

    /** The exact length of a plan's upload. */
    public static long uploadBytes(BfvPlan plan) {
        return HEADER + KeyCodec.keySwitchingKeySize(plan.base().context())
                + plan.seededCiphertextBytes() * plan.inputPositions() * plan.primes().count();
    }

    /** The exact length of a plan's response. */
    public static long responseBytes(BfvPlan plan) {
        return HEADER + plan.ciphertextBytes() * plan.outputs() * plan.primes().count();
    }

    static byte[] writeUpload(BfvPlan plan, KeySwitchingKey relinearizationKey, BfvUpload upload) {
        ByteBuffer out = header(plan, UPLOAD_MAGIC, uploadBytes(plan), plan.inputPositions());
        out.put(KeyCodec.writeKeySwitchingKey(relinearizationKey));
        return body(out, upload.ciphertexts());
    }

    /** Decodes an upload, refusing any whose length, header or key does not match the plan. */
    static Upload readUpload(BfvPlan plan, byte[] message) {
        ByteBuffer in = checkHeader(plan, "upload", UPLOAD_MAGIC, message, uploadBytes(plan), plan.inputPositions());
        RlweContext context = plan.base().context();
        byte[] key = new byte[KeyCodec.keySwitchingKeySize(context)];
        in.get(key);
        KeySwitchingKey relinearizationKey;
        try {
            relinearizationKey = KeyCodec.readKeySwitchingKey(context, key);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("BFV upload: relinearisation key: " + e.getMessage(), e);
        }
        return new Upload(relinearizationKey, message, plan.inputPositions(), (int) plan.seededCiphertextBytes(),
                in.position());
    }

    static byte[] writeResponse(BfvPlan plan, BfvResponse response) {
        return body(header(plan, RESPONSE_MAGIC, responseBytes(plan), plan.outputs()), response.ciphertexts());
    }

    /** Decodes a response into its ciphertexts [channel][logit], refusing any that does not match the plan. */
    static BfvResponse readResponse(BfvPlan plan, byte[] message) {
        ByteBuffer in = checkHeader(plan, "response", RESPONSE_MAGIC, message, responseBytes(plan), plan.outputs());
        byte[][][] out = new byte[plan.primes().count()][plan.outputs()][(int) plan.ciphertextBytes()];
        for (byte[][] channel : out) {
            for (byte[] ct : channel) {
                in.get(ct);
            }
        }
        return new BfvResponse(out);
    }

    private static ByteBuffer header(BfvPlan plan, byte[] magic, long length, int perChannel) {
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(length));
        out.put(magic).put((byte) VERSION).put((byte) plan.primes().count()).putInt(perChannel);
        return out;
    }

    /** Appends every ciphertext, each of the length the plan says, and returns the filled message. */
    private static byte[] body(ByteBuffer out, byte[][][] ciphertexts) {
        for (byte[][] channel : ciphertexts) {
            for (byte[] ct : channel) {
                out.put(ct);
            }
        }
        if (out.hasRemaining()) {
            throw new IllegalArgumentException("BFV message: " + out.remaining() + " bytes short of the plan's length");
        }
        return out.array();
    }

    private static ByteBuffer checkHeader(BfvPlan plan, String what, byte[] magic, byte[] message, long length,
            int perChannel) {
        if (message.length != length) {
            throw new IllegalArgumentException("BFV " + what + ": " + message.length + " bytes where the plan's is "
                    + "exactly " + length + (message.length < length ? " (truncated)" : " (too long)"));
        }
        ByteBuffer in = ByteBuffer.wrap(message);
        byte[] seen = new byte[magic.length];
        in.get(seen);
        if (!Arrays.equals(seen, magic)) {
            throw new IllegalArgumentException("BFV " + what + ": bad magic (not a hequant BFV " + what + ")");
        }
        int version = in.get() & 0xff;
        if (version != VERSION) {
            throw new IllegalArgumentException("BFV " + what + ": version " + version + ", this build speaks "
                    + VERSION);
        }
        int channels = in.get() & 0xff;
        int count = in.getInt();
        if (channels != plan.primes().count() || count != perChannel) {
            throw new IllegalArgumentException("BFV " + what + ": " + channels + " channels of " + count
                    + " ciphertexts, the plan has " + plan.primes().count() + " of " + perChannel);
        }
        return in;
    }
}
