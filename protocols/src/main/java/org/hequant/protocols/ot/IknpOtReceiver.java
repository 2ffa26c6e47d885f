package org.hequant.protocols.ot;

import org.hequant.he.sampling.Prg;
import org.hequant.protocols.channel.Channel;

/**
 * The receiver of {@link IknpOtExtension}: holds both seeds of every base OT. Every chunk sends
 * u_j = G(k0_j) xor G(k1_j) xor r (exactly 128 bits per OT) and keeps t_j = G(k0_j), so that after the
 * transpose t_i = q_i xor r_i Delta.
 */
public final class IknpOtReceiver implements OtReceiver {
    private final Channel channel;
    private final Prg[] columns0 = new Prg[IknpOtExtension.BASE_OTS];
    private final Prg[] columns1 = new Prg[IknpOtExtension.BASE_OTS];
    private final CorrelationRobustHash hash = new CorrelationRobustHash();
    /** Next unused hash tweak; advances in step with the sender's. */
    private long tweak;

    IknpOtReceiver(Channel channel, byte[][][] seeds) {
        this.channel = channel;
        for (int j = 0; j < IknpOtExtension.BASE_OTS; j++) {
            columns0[j] = new Prg(seeds[j][0]);
            columns1[j] = new Prg(seeds[j][1]);
        }
    }

    /** Raw correlated OTs: t_i as words {@code [2i, 2i + 1]}, equal to the sender's q_i xor (choice_i ? Delta : 0). */
    public long[] correlated(boolean[] choices) {
        long[] out = new long[2 * choices.length];
        for (int off = 0; off < choices.length; off += IknpOtExtension.CHUNK) {
            int m = Math.min(IknpOtExtension.CHUNK, choices.length - off);
            System.arraycopy(extend(packChoices(choices, off, m), m), 0, out, 2 * off, 2 * m);
        }
        return out;
    }

    @Override
    public long[] receive(boolean[] choices, int bits) {
        IknpOtExtension.checkBits(bits);
        long[] out = new long[choices.length];
        for (int off = 0; off < choices.length; off += IknpOtExtension.CHUNK) {
            int m = Math.min(IknpOtExtension.CHUNK, choices.length - off);
            long[] pads = pads(choices, off, m);
            long[] masked = BitPacking.unpack(channel.receive(), 2 * m, bits);
            for (int i = 0; i < m; i++) {
                out[off + i] = masked[2 * i + (choices[off + i] ? 1 : 0)] ^ (pads[i] & BitPacking.mask(bits));
            }
        }
        return out;
    }

    @Override
    public long[] receiveCorrelated(boolean[] choices, int bits) {
        IknpOtExtension.checkBits(bits);
        long mask = BitPacking.mask(bits);
        long[] out = new long[choices.length];
        for (int off = 0; off < choices.length; off += IknpOtExtension.CHUNK) {
            int m = Math.min(IknpOtExtension.CHUNK, choices.length - off);
            long[] pads = pads(choices, off, m);
            long[] correction = BitPacking.unpack(channel.receive(), m, bits);
            for (int i = 0; i < m; i++) {
                out[off + i] = (choices[off + i] ? pads[i] + correction[i] : pads[i]) & mask;
            }
        }
        return out;
    }

    @Override
    public long[] receiveRandom(boolean[] choices, int bits) {
        IknpOtExtension.checkBits(bits);
        long mask = BitPacking.mask(bits);
        long[] out = new long[choices.length];
        for (int off = 0; off < choices.length; off += IknpOtExtension.CHUNK) {
            int m = Math.min(IknpOtExtension.CHUNK, choices.length - off);
            long[] pads = pads(choices, off, m);
            for (int i = 0; i < m; i++) {
                out[off + i] = pads[i] & mask;
            }
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
            long[] r = new long[IknpOtExtension.words(c * k)];
            for (int i = 0; i < c; i++) {
                for (int d = 0; d < k; d++) {
                    int index = i * k + d;
                    r[index >>> 6] |= (long) ((choices[off + i] >>> d) & 1) << index;
                }
            }
            long[] t = extend(r, c * k);
            long[] keys = new long[2 * c * k];
            hash.hash(t, 0, 0, 0, base, keys, 0, c * k, false);
            tweak += (long) c * k;
            long[] leaves = OneOfNTree.chosenLeaves(hash, keys, choices, off, c, k, base);
            long[] masked = BitPacking.unpack(channel.receive(), c * n, bits);
            for (int i = 0; i < c; i++) {
                out[off + i] = (masked[i * n + choices[off + i]] ^ leaves[2 * i]) & mask;
            }
        }
        return out;
    }

    /** H(i, t_i) (low 64 bits) for the next m OTs, which is the sender's pad of the chosen message. */
    private long[] pads(boolean[] choices, int off, int m) {
        long[] t = extend(packChoices(choices, off, m), m);
        long[] pads = new long[m];
        hash.hash(t, 0, 0, 0, tweak, pads, 0, m, true);
        tweak += m;
        return pads;
    }

    private static long[] packChoices(boolean[] choices, int off, int m) {
        long[] r = new long[IknpOtExtension.words(m)];
        for (int i = 0; i < m; i++) {
            if (choices[off + i]) {
                r[i >>> 6] |= 1L << i;
            }
        }
        return r;
    }

    /** One chunk of correlated OTs for choice bits r (packed): sends u, returns the transposed t. */
    private long[] extend(long[] r, int m) {
        int words = IknpOtExtension.words(m);
        long[] t = new long[IknpOtExtension.BASE_OTS * words];
        long[] u = new long[IknpOtExtension.BASE_OTS * words];
        for (int j = 0; j < IknpOtExtension.BASE_OTS; j++) {
            int row = j * words;
            columns0[j].nextLongs(t, row, words);
            columns1[j].nextLongs(u, row, words);
            for (int w = 0; w < words; w++) {
                u[row + w] ^= t[row + w] ^ r[w];
            }
        }
        channel.send(IknpOtExtension.LABEL_MATRIX, BitPacking.packRows(u, IknpOtExtension.BASE_OTS, words, m));
        long[] rows = new long[128 * words];
        BitMatrix.transposeToBlocks(t, words, rows);
        return rows;
    }
}
