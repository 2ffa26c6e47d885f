package org.hequant.protocols.linear;

import org.hequant.he.rlwe.Decryptor;
import org.hequant.he.rlwe.Plaintext;
import org.hequant.he.rlwe.ResponseCiphertext;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.SecretKey;
import org.hequant.he.rlwe.SeededCiphertext;
import org.hequant.he.rlwe.SymmetricEncryptor;

/**
 * The client side of a Cheetah linear layer: encrypts its input share as seeded ciphertexts and decrypts
 * the server's shrunk responses into its output share.
 */
public final class HomLinearClient {
    private final LinearLayout layout;
    private final RlweContext context;
    private final SymmetricEncryptor encryptor;
    private final Decryptor decryptor;

    public HomLinearClient(LinearLayout layout, SecretKey secretKey) {
        LinearCost.requireSupported(secretKey.context(), layout.ring());
        this.layout = layout;
        this.context = secretKey.context();
        this.encryptor = new SymmetricEncryptor(secretKey);
        this.decryptor = new Decryptor(secretKey);
    }

    /** The client's first step: its encrypted input share, one seeded ciphertext per upload. */
    public byte[] upload(long[] inputShare) {
        if (inputShare.length != layout.inputSize()) {
            throw new IllegalArgumentException(layout.name() + ": client input share has " + inputShare.length
                    + " values, layer expects " + layout.inputSize());
        }
        layout.ring().requireElements(layout.name() + " client input share", inputShare);
        SeededCiphertext[] cts = new SeededCiphertext[layout.uploadCount()];
        long[] poly = new long[context.degree()];
        int level = layout.levelIn(context);
        for (int u = 0; u < cts.length; u++) {
            layout.encodeUpload(u, inputShare, poly);
            cts[u] = encryptor.encrypt(new Plaintext(layout.ring().modulus(), poly), level);
        }
        return LinearMessages.writeUploads(context, cts);
    }

    /** The client's last step: its share of the layer output from the server's responses. */
    public long[] outputShare(byte[] responseMessage) {
        ResponseCiphertext[] responses = LinearMessages.readResponses(context, layout, responseMessage);
        long[] share = new long[layout.keptSize()];
        for (int r = 0; r < responses.length; r++) {
            long[] values = decryptor.decrypt(responses[r], layout.ring().modulus());
            int[] positions = layout.outputPositions(r);
            for (int k = 0; k < positions.length; k++) {
                share[positions[k]] = values[k];
            }
        }
        return layout.unpack(share, false);
    }
}
