package org.hequant.protocols.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.hequant.protocols.channel.Channel;

/**
 * The receiver side of {@link CorrelatedOtSender}: per OT it obtains t_i = q_i xor r_i Delta for its choice
 * r_i from the engine ({@link IknpOtReceiver}, {@link FerretOtReceiver}) and hashes t_i into the pad of
 * the chosen message.
 */
public abstract class CorrelatedOtReceiver implements OtReceiver {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    protected final Channel channel;
    private final CorrelationRobustHash hash = new CorrelationRobustHash();
    /** Next unused hash tweak; advances in step with the sender's. */
    private long tweak;

    protected CorrelatedOtReceiver(Channel channel) {
        this.channel = channel;
    }

    /** Raw correlated OTs: t_i as words {@code [2i, 2i + 1]}, equal to the sender's q_i xor (choice_i ? Delta : 0). */
    public long[] correlated(boolean[] choices) {
        long[] out = new long[2 * choices.length];
        IknpOtExtension.inChunks(choices.length, (off, m) -> extend(packChoices(choices, off, m), m,
                (t, first, c) -> System.arraycopy(t, 0, out, 2 * (off + first), 2 * c)));
        return out;
    }

    @Override
    public long[] receive(boolean[] choices, int bits) {
        IknpOtExtension.checkBits(bits);
        long mask = BitPacking.mask(bits);
        long[] out = new long[choices.length];
        IknpOtExtension.inChunks(choices.length, (off, m) -> {
            pads(choices, off, m, out);
            long[] masked = BitPacking.unpack(channel.receive(), 2 * m, bits);
            for (int i = 0; i < m; i++) {
                out[off + i] = masked[2 * i + (choices[off + i] ? 1 : 0)] ^ (out[off + i] & mask);
            }
        });
        return out;
    }

    @Override
    public long[] receiveCorrelated(boolean[] choices, int bits) {
        IknpOtExtension.checkBits(bits);
        long mask = BitPacking.mask(bits);
        long[] out = new long[choices.length];
        IknpOtExtension.inChunks(choices.length, (off, m) -> {
            pads(choices, off, m, out);
            long[] correction = BitPacking.unpack(channel.receive(), m, bits);
            for (int i = 0; i < m; i++) {
                long pad = out[off + i];
                out[off + i] = (choices[off + i] ? pad + correction[i] : pad) & mask;
            }
        });
        return out;
    }

    @Override
    public long[] receiveRandom(boolean[] choices, int bits) {
        IknpOtExtension.checkBits(bits);
        long mask = BitPacking.mask(bits);
        long[] out = new long[choices.length];
        IknpOtExtension.inChunks(choices.length, (off, m) -> pads(choices, off, m, out));
        for (int i = 0; i < out.length; i++) {
            out[i] &= mask;
        }
        return out;
    }

    @Override
    public long[] receiveOneOfN(int[] choices, int k, int bits) {
        IknpOtExtension.checkK(k);
        IknpOtExtension.checkBits(bits);
        int n = 1 << k;
        for (int c : choices) {
            if (c < 0 || c >= n) {
                throw new IllegalArgumentException("1-out-of-" + n + " choice " + c + " is outside [0, " + n + ")");
            }
        }
        long mask = BitPacking.mask(bits);
        long[] out = new long[choices.length];
        int perChunk = OneOfNTree.instancesPerChunk(k);
        for (int off = 0; off < choices.length; off += perChunk) {
            int c = Math.min(perChunk, choices.length - off);
            long base = tweak;
            byte[] r = new byte[8 * IknpOtExtension.words(c * k)];
            for (int i = 0; i < c; i++) {
                for (int d = 0; d < k; d++) {
                    int index = i * k + d;
                    r[index >>> 3] |= (byte) (((choices[off + i] >>> d) & 1) << (index & 7));
                }
            }
            long[] keys = new long[2 * c * k];
            extend(r, c * k, (t, first, s) -> hash.hash(t, 0, 0, 0, base + first, keys, 2 * first, s, false));
            tweak += (long) c * k;
            long[] leaves = OneOfNTree.chosenLeaves(hash, keys, choices, off, c, k, base);
            long[] masked = BitPacking.unpack(channel.receive(), c * n, bits);
            for (int i = 0; i < c; i++) {
                out[off + i] = (masked[i * n + choices[off + i]] ^ leaves[2 * i]) & mask;
            }
        }
        return out;
    }

    /**
     * Writes H(i, t_i) (low 64 bits) for the next m OTs, the sender's pad of the chosen message, to
     * {@code out[off ..]}, hashing each strip while it is in cache.
     */
    private void pads(boolean[] choices, int off, int m, long[] out) {
        long base = tweak;
        extend(packChoices(choices, off, m), m,
                (t, first, c) -> hash.hash(t, 0, 0, 0, base + first, out, off + first, c, true));
        tweak += m;
    }

    /** The choice bits of OTs off .. off + m, little-endian, padded to whole words. */
    private static byte[] packChoices(boolean[] choices, int off, int m) {
        byte[] r = new byte[8 * IknpOtExtension.words(m)];
        for (int w = 0; 64 * w < m; w++) {
            long word = 0;
            int end = Math.min(64, m - 64 * w);
            for (int b = 0; b < end; b++) {
                word |= (choices[off + 64 * w + b] ? 1L : 0L) << b;
            }
            LONGS.set(r, 8 * w, word);
        }
        return r;
    }

    /**
     * The next m correlated OTs for choice bits r (little-endian, padded to whole words), matching the sender's
     * call for the same m: hands t_i to {@code sink} in strips of at most {@link IknpOtExtension#STRIP} rows.
     */
    abstract void extend(byte[] r, int m, IknpOtExtension.StripSink sink);
}
