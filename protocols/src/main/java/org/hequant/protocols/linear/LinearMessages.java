package org.hequant.protocols.linear;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.ResponseCiphertext;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.SeededCiphertext;
import org.hequant.he.wire.CiphertextCodec;
import org.hequant.he.wire.MalformedWireDataException;

/**
 * A layer's two messages: the uploads (seeded ciphertexts back to back) and the responses (shrunk
 * ciphertexts back to back, in response order). No lengths or indices are sent: both follow from the
 * public layout, and the readers check the total length before parsing.
 */
final class LinearMessages {
    private LinearMessages() {
    }

    static byte[] writeUploads(RlweContext context, SeededCiphertext[] cts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SeededCiphertext ct : cts) {
            out.writeBytes(CiphertextCodec.writeSeeded(context, ct));
        }
        return out.toByteArray();
    }

    /** Checks that the upload message holds exactly the layout's ciphertexts, before any is parsed. */
    static void requireUploads(RlweContext context, LinearLayout layout, byte[] message) {
        int size = CiphertextCodec.seededSize(context, layout.levelIn(context));
        long expected = (long) size * layout.uploadCount();
        if (message.length != expected) {
            throw new MalformedWireDataException(layout.name() + " uploads: " + message.length + " bytes, the layout "
                    + "expects " + layout.uploadCount() + " ciphertexts of " + size + " bytes = " + expected);
        }
    }

    /** Upload u of a message checked by {@link #requireUploads}, expanded from its seed. */
    static Ciphertext readUpload(RlweContext context, LinearLayout layout, byte[] message, int u) {
        int size = CiphertextCodec.seededSize(context, layout.levelIn(context));
        byte[] one = Arrays.copyOfRange(message, u * size, (u + 1) * size);
        return CiphertextCodec.readSeeded(context, one).expand();
    }

    static byte[] writeResponses(RlweContext context, ResponseCiphertext[] responses) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ResponseCiphertext r : responses) {
            out.writeBytes(CiphertextCodec.writeResponse(context, r));
        }
        return out.toByteArray();
    }

    static ResponseCiphertext[] readResponses(RlweContext context, LinearLayout layout, byte[] message) {
        LinearCost cost = new LinearCost(context, layout.ring());
        ResponseCiphertext[] responses = new ResponseCiphertext[layout.responseCount()];
        int offset = 0;
        for (int r = 0; r < responses.length; r++) {
            int[] kept = layout.keptIndices(r);
            int size = (int) cost.responseBytes(kept.length);
            if (offset + size > message.length) {
                throw new MalformedWireDataException(layout.name() + " responses: truncated at response " + r + " of "
                        + responses.length + " (" + message.length + " bytes)");
            }
            responses[r] = CiphertextCodec.readResponse(context, Arrays.copyOfRange(message, offset, offset + size), kept);
            offset += size;
        }
        if (offset != message.length) {
            throw new MalformedWireDataException(layout.name() + " responses: " + (message.length - offset)
                    + " trailing bytes after " + responses.length + " responses");
        }
        return responses;
    }
}
