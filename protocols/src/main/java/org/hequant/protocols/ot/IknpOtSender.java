package org.hequant.protocols.ot;

import org.hequant.he.sampling.Prg;
import org.hequant.protocols.channel.Channel;

/**
 * The sender of {@link IknpOtExtension}: holds Delta and, for each base OT j, the seed k_{Delta_j}.
 * Every chunk receives the receiver's u matrix and derives q_i, with t_i = q_i xor r_i Delta on the other side.
 */
public final class IknpOtSender implements OtSender {
    private final Channel channel;
    private final long deltaLo;
    private final long deltaHi;
    private final Prg[] columns = new Prg[IknpOtExtension.BASE_OTS];
    private final CorrelationRobustHash hash = new CorrelationRobustHash();
    /** Next unused hash tweak; advances in step with the receiver's. */
    private long tweak;

    IknpOtSender(Channel channel, long deltaLo, long deltaHi, byte[][] seeds) {
        this.channel = channel;
        this.deltaLo = deltaLo;
        this.deltaHi = deltaHi;
        for (int j = 0; j < columns.length; j++) {
            columns[j] = new Prg(seeds[j]);
        }
    }

    /** Delta as {low word, high word}: bit j is the choice this party made in base OT j. */
    public long[] delta() {
        return new long[] {deltaLo, deltaHi};
    }

    /**
     * Raw correlated OTs: q_i as words {@code [2i, 2i + 1]}; the receiver's t_i equals q_i xor (r_i ? Delta : 0).
     * Costs 128 bits of traffic per OT and no hashing.
     */
    public long[] correlated(int count) {
        long[] out = new long[2 * count];
        for (int off = 0; off < count; off += IknpOtExtension.CHUNK) {
            int m = Math.min(IknpOtExtension.CHUNK, count - off);
            System.arraycopy(extend(m), 0, out, 2 * off, 2 * m);
        }
        return out;
    }

    @Override
    public void send(long[] m0, long[] m1, int bits) {
        IknpOtExtension.checkBits(bits);
        if (m0.length != m1.length) {
            throw new IllegalArgumentException("m0 has " + m0.length + " messages but m1 has " + m1.length);
        }
        for (int off = 0; off < m0.length; off += IknpOtExtension.CHUNK) {
            int m = Math.min(IknpOtExtension.CHUNK, m0.length - off);
            long[][] pads = randomPads(m);
            long[] masked = new long[2 * m];
            for (int i = 0; i < m; i++) {
                masked[2 * i] = m0[off + i] ^ pads[0][i];
                masked[2 * i + 1] = m1[off + i] ^ pads[1][i];
            }
            channel.send(IknpOtExtension.LABEL_CHOSEN, BitPacking.pack(masked, 2 * m, bits));
        }
    }

    @Override
    public long[] sendCorrelated(long[] delta, int bits) {
        IknpOtExtension.checkBits(bits);
        long mask = BitPacking.mask(bits);
        long[] x = new long[delta.length];
        for (int off = 0; off < delta.length; off += IknpOtExtension.CHUNK) {
            int m = Math.min(IknpOtExtension.CHUNK, delta.length - off);
            long[][] pads = randomPads(m);
            long[] correction = new long[m];
            for (int i = 0; i < m; i++) {
                x[off + i] = pads[0][i] & mask;
                // The receiver with choice 1 adds this to its pad H(q xor Delta) and gets x + delta.
                correction[i] = pads[0][i] + delta[off + i] - pads[1][i];
            }
            channel.send(IknpOtExtension.LABEL_CORRELATED, BitPacking.pack(correction, m, bits));
        }
        return x;
    }

    @Override
    public long[][] sendRandom(int count, int bits) {
        IknpOtExtension.checkBits(bits);
        if (count < 0) {
            throw new IllegalArgumentException("negative OT count " + count);
        }
        long mask = BitPacking.mask(bits);
        long[][] r = new long[2][count];
        for (int off = 0; off < count; off += IknpOtExtension.CHUNK) {
            int m = Math.min(IknpOtExtension.CHUNK, count - off);
            long[][] pads = randomPads(m);
            for (int i = 0; i < m; i++) {
                r[0][off + i] = pads[0][i] & mask;
                r[1][off + i] = pads[1][i] & mask;
            }
        }
        return r;
    }

    /**
     * 1-out-of-2^k from k random OTs per instance: the pad of message x is the leaf x of a binary hash tree
     * whose level d mixes in the key of random OT d picked by bit d of x, so every pad but the chosen one
     * depends on at least one key the receiver lacks.
     */
    @Override
    public void sendOneOfN(long[] messages, int k, int bits) {
        IknpOtExtension.checkK(k);
        IknpOtExtension.checkBits(bits);
        int n = 1 << k;
        if (messages.length % n != 0) {
            throw new IllegalArgumentException(messages.length + " messages is not a multiple of 2^k = " + n);
        }
        int count = messages.length / n;
        int perChunk = OneOfNTree.instancesPerChunk(k);
        for (int off = 0; off < count; off += perChunk) {
            int c = Math.min(perChunk, count - off);
            long base = tweak;
            long[] q = extend(c * k);
            long[] key0 = new long[2 * c * k];
            long[] key1 = new long[2 * c * k];
            hash.hash(q, 0, 0, 0, base, key0, 0, c * k, false);
            hash.hash(q, 0, deltaLo, deltaHi, base, key1, 0, c * k, false);
            tweak += (long) c * k;
            long[] leaves = OneOfNTree.allLeaves(hash, key0, key1, c, k, base);
            long[] masked = new long[c * n];
            for (int i = 0; i < c * n; i++) {
                masked[i] = messages[off * n + i] ^ leaves[2 * i];
            }
            channel.send(IknpOtExtension.LABEL_ONE_OF_N, BitPacking.pack(masked, c * n, bits));
        }
    }

    /** {H(i, q_i), H(i, q_i xor Delta)} (low 64 bits) for the next m OTs. */
    private long[][] randomPads(int m) {
        long[] q = extend(m);
        long[][] pads = new long[2][m];
        hash.hash(q, 0, 0, 0, tweak, pads[0], 0, m, true);
        hash.hash(q, 0, deltaLo, deltaHi, tweak, pads[1], 0, m, true);
        tweak += m;
        return pads;
    }

    /** One chunk of correlated OTs: q_j = G(k_{s_j}) xor s_j u_j per column, then transposed to rows. */
    private long[] extend(int m) {
        int words = IknpOtExtension.words(m);
        long[] u = BitPacking.unpackRows(channel.receive(), IknpOtExtension.BASE_OTS, words, m);
        long[] q = new long[IknpOtExtension.BASE_OTS * words];
        for (int j = 0; j < IknpOtExtension.BASE_OTS; j++) {
            int row = j * words;
            columns[j].nextLongs(q, row, words);
            if ((((j < 64 ? deltaLo : deltaHi) >>> (j & 63)) & 1) != 0) {
                for (int w = 0; w < words; w++) {
                    q[row + w] ^= u[row + w];
                }
            }
        }
        long[] rows = new long[128 * words];
        BitMatrix.transposeToBlocks(q, words, rows);
        return rows;
    }
}
