package org.hequant.protocols.ot;

import org.hequant.he.sampling.Prg;
import org.hequant.protocols.channel.Channel;

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
 */
public final class IknpOtExtension {
    /** Base OTs, the width of Delta and the computational security parameter. */
    public static final int BASE_OTS = 128;
    public static final String LABEL_MATRIX = "ot/iknp";
    public static final String LABEL_CHOSEN = "ot/chosen";
    public static final String LABEL_CORRELATED = "ot/correlated";
    public static final String LABEL_ONE_OF_N = "ot/one-of-n";
    /** OTs extended per message: bounds memory (about 50 MB per party) whatever the batch size. */
    static final int CHUNK = 1 << 20;

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

    /** Runs the base OTs as their sender and returns the extension receiver. */
    public static IknpOtReceiver receiver(Channel channel) {
        byte[][][] seeds = ChouOrlandiBaseOt.send(channel, BASE_OTS, Prg.fromSystemEntropy());
        return new IknpOtReceiver(channel, seeds);
    }

    static void checkBits(int bits) {
        if (bits < 1 || bits > 64) {
            throw new IllegalArgumentException("OT messages must have 1 to 64 bits, got " + bits);
        }
    }

    static void checkK(int k) {
        if (k < 1 || k > 8) {
            throw new IllegalArgumentException("1-out-of-2^k OT supports k = 1..8, got " + k);
        }
    }

    /** Words per row of a chunk of {@code m} OTs. */
    static int words(int m) {
        return (m + 63) >>> 6;
    }
}
