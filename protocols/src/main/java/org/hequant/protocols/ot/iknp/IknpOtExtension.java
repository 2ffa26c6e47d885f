package org.hequant.protocols.ot.iknp;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.hequant.he.sampling.Prg;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.ot.CorrelatedOtReceiver;
import org.hequant.protocols.ot.CorrelatedOtSender;
import org.hequant.protocols.ot.CorrelatedOtSetup;
import org.hequant.protocols.ot.CorrelationRobustHash;
import org.hequant.protocols.ot.OtChunks;
import org.hequant.protocols.ot.OtSender;
import org.hequant.protocols.ot.base.ChouOrlandiBaseOt;

/**
 * IKNP OT extension (Ishai, Kilian, Nissim and Petrank, CRYPTO 2003), semi-honest: 128 Chou-Orlandi base
 * OTs, run once with the roles reversed, let the parties produce any number of correlated OTs at 128 bits
 * of traffic each, with symmetric-key work only. The extension sender draws a global Delta = s and learns
 * s_j's seed of each base OT; the extension receiver, holding both seeds of every base OT, expands them
 * with AES-CTR and sends u_j = G(k0_j) xor G(k1_j) xor r column by column. After the 128 x n bit matrices
 * are transposed the sender holds q_i and the receiver t_i = q_i xor r_i Delta; the flavours of
 * {@link OtSender} hash these with {@link CorrelationRobustHash}.
 *
 * <p>Wire cost per OT: 128 bits ("ot/iknp") plus, by flavour, 2 bits chosen-message ("ot/chosen"), bits
 * correlated ("ot/correlated"), nothing random, and for 1-out-of-2^k: k x 128 + 2^k bits ("ot/one-of-n"),
 * every batch rounded up to a byte. Setup: one 33-byte point from the receiver and 128 points back.
 *
 * <p>Each chunk of up to {@link OtChunks#CHUNK} OTs is one u message (row j = u_j, the chunk's bits end to end), but
 * both parties work through it in strips of {@link OtChunks#STRIP} OTs: expand the strip's 128 column segments with
 * AES-CTR (the sender's cipher encrypts u_j itself where s_j = 1, so G(k) xor u comes out of one pass),
 * transpose and hash while the strip is still in the L2 cache. Column j's keystream is the AES-CTR stream of
 * its seed (zero IV), consumed 8 x ceil(m / 64) bytes per chunk of m OTs on both sides.
 */
public final class IknpOtExtension {
    /** Base OTs, the width of Delta and the computational security parameter. */
    public static final int BASE_OTS = 128;
    public static final String LABEL_MATRIX = "ot/iknp";

    private IknpOtExtension() {
    }

    /** Runs the base OTs as their receiver (with a fresh Delta) and returns the extension sender. */
    public static IknpOtSender sender(Channel channel) {
        Prg prg = Prg.fromSystemEntropy();
        boolean[] delta = new boolean[BASE_OTS];
        long lo = prg.nextLong();
        long hi = prg.nextLong();
        for (int j = 0; j < BASE_OTS; j++) {
            delta[j] = (((j < 64 ? lo : hi) >>> (j & 63)) & 1) != 0;
        }
        byte[][] seeds = ChouOrlandiBaseOt.receive(channel, delta, prg);
        return new IknpOtSender(channel, lo, hi, seeds);
    }

    /** IKNP as a {@link CorrelatedOtSetup}: what a session hands Ferret to bootstrap from. */
    public static CorrelatedOtSetup setup() {
        return new CorrelatedOtSetup() {
            @Override
            public CorrelatedOtSender sender(Channel channel) {
                return IknpOtExtension.sender(channel);
            }

            @Override
            public CorrelatedOtReceiver receiver(Channel channel) {
                return IknpOtExtension.receiver(channel);
            }
        };
    }

    /** Runs the base OTs as their sender and returns the extension receiver. */
    public static IknpOtReceiver receiver(Channel channel) {
        byte[][][] seeds = ChouOrlandiBaseOt.send(channel, BASE_OTS, Prg.fromSystemEntropy());
        return new IknpOtReceiver(channel, seeds);
    }

    /** The AES-CTR keystream of a base-OT seed, zero IV. */
    static Cipher keystream(byte[] seed) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seed, "AES"), new IvParameterSpec(new byte[16]));
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is unavailable in this JVM", e);
        }
    }

    /** Writes the next {@code len} keystream bytes xor {@code in[inOff ..]} to {@code out[outOff ..]}. */
    static void crypt(Cipher c, byte[] in, int inOff, int len, byte[] out, int outOff) {
        try {
            c.update(in, inOff, len, out, outOff);
        } catch (ShortBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
