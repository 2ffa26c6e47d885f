package org.hequant.protocols.ot.iknp;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import javax.crypto.Cipher;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.ot.BitPacking;
import org.hequant.protocols.ot.CorrelatedOtReceiver;
import org.hequant.protocols.ot.OtChunks;

/**
 * The receiver of {@link IknpOtExtension}: holds both seeds of every base OT. Every chunk sends
 * u_j = G(k0_j) xor G(k1_j) xor r (exactly 128 bits per OT) and keeps t_j = G(k0_j), so that after the
 * transpose t_i = q_i xor r_i Delta.
 */
public final class IknpOtReceiver extends CorrelatedOtReceiver {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Cipher[] columns0 = new Cipher[IknpOtExtension.BASE_OTS];
    private final Cipher[] columns1 = new Cipher[IknpOtExtension.BASE_OTS];
    private final byte[] zeros = new byte[OtChunks.STRIP / 8];
    /** One strip of t, row j at {@code j * 8 * stripWords}: reused so the hot data stays in cache. */
    private final byte[] strip = new byte[IknpOtExtension.BASE_OTS * OtChunks.STRIP / 8];
    private final long[] rows = new long[2 * OtChunks.STRIP];

    IknpOtReceiver(Channel channel, byte[][][] seeds) {
        super(channel);
        for (int j = 0; j < IknpOtExtension.BASE_OTS; j++) {
            columns0[j] = IknpOtExtension.keystream(seeds[j][0]);
            columns1[j] = IknpOtExtension.keystream(seeds[j][1]);
        }
    }

    /**
     * One chunk of correlated OTs for choice bits r (padded bytes): per strip, t_j = G(k0_j) and
     * u_j = G(k1_j) xor r xor t_j (AES-CTR encrypting r itself, then one xor with the fresh t_j); t is
     * transposed to rows for {@code sink}, and u, assembled across the strips, is sent at the end.
     */
    @Override
    protected boolean choose(byte[] r, int m, OtChunks.StripSink sink) {
        int words = OtChunks.words(m);
        int rowBytes = 8 * words;
        byte[] u = new byte[IknpOtExtension.BASE_OTS * rowBytes];
        for (int first = 0; first < m; first += OtChunks.STRIP) {
            int count = Math.min(OtChunks.STRIP, m - first);
            int len = 8 * OtChunks.words(count);
            int at = first >>> 3;
            for (int j = 0; j < IknpOtExtension.BASE_OTS; j++) {
                int row = j * rowBytes + at;
                IknpOtExtension.crypt(columns0[j], zeros, 0, len, strip, j * len);
                IknpOtExtension.crypt(columns1[j], r, at, len, u, row);
                for (int b = 0; b < len; b += 8) {
                    LONGS.set(u, row + b, (long) LONGS.get(u, row + b) ^ (long) LONGS.get(strip, j * len + b));
                }
            }
            BitMatrix.transposeStrip(strip, len, len / 8, rows);
            sink.accept(rows, first, count);
        }
        channel.send(IknpOtExtension.LABEL_MATRIX, BitPacking.packRows(u, IknpOtExtension.BASE_OTS, words, m));
        return true;
    }

    /** Never called: {@link #choose} hands every chunk's t_i over at once. */
    @Override
    protected void settle(int m, OtChunks.StripSink sink) {
        throw new IllegalStateException("IKNP delivers its rows when the choices are sent");
    }
}
