package org.hequant.protocols.ot.iknp;

import javax.crypto.Cipher;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.ot.BitPacking;
import org.hequant.protocols.ot.CorrelatedOtSender;
import org.hequant.protocols.ot.OtChunks;

/**
 * The sender of {@link IknpOtExtension}: holds Delta and, for each base OT j, the seed k_{Delta_j}.
 * Every chunk receives the receiver's u matrix and derives q_i, with t_i = q_i xor r_i Delta on the other side.
 */
public final class IknpOtSender extends CorrelatedOtSender {
    private final Cipher[] columns = new Cipher[IknpOtExtension.BASE_OTS];
    /** Keystream input for the columns with s_j = 0, whose q_j is G(k0_j) alone. */
    private final byte[] zeros = new byte[OtChunks.STRIP / 8];
    /** One strip of q, row j at {@code j * 8 * stripWords}: reused so the hot data stays in cache. */
    private final byte[] strip = new byte[IknpOtExtension.BASE_OTS * OtChunks.STRIP / 8];
    private final long[] rows = new long[2 * OtChunks.STRIP];

    IknpOtSender(Channel channel, long deltaLo, long deltaHi, byte[][] seeds) {
        super(channel, deltaLo, deltaHi);
        for (int j = 0; j < columns.length; j++) {
            columns[j] = IknpOtExtension.keystream(seeds[j]);
        }
    }

    /**
     * One chunk of correlated OTs: per strip, q_j = G(k_{s_j}) xor s_j u_j for every column (one AES-CTR pass,
     * encrypting u_j or zeros), then transposed to rows and handed to {@code sink}.
     */
    @Override
    protected void extend(int m, OtChunks.StripSink sink) {
        int words = OtChunks.words(m);
        int rowBytes = 8 * words;
        byte[] u = BitPacking.unpackRows(channel.receive(), IknpOtExtension.BASE_OTS, words, m);
        for (int first = 0; first < m; first += OtChunks.STRIP) {
            int count = Math.min(OtChunks.STRIP, m - first);
            int len = 8 * OtChunks.words(count);
            int at = first >>> 3;
            for (int j = 0; j < IknpOtExtension.BASE_OTS; j++) {
                if ((((j < 64 ? deltaLo : deltaHi) >>> (j & 63)) & 1) != 0) {
                    IknpOtExtension.crypt(columns[j], u, j * rowBytes + at, len, strip, j * len);
                } else {
                    IknpOtExtension.crypt(columns[j], zeros, 0, len, strip, j * len);
                }
            }
            BitMatrix.transposeStrip(strip, len, len / 8, rows);
            sink.accept(rows, first, count);
        }
    }
}
