package org.hequant.protocols.ot;

import javax.crypto.Cipher;
import org.hequant.protocols.channel.Channel;

/**
 * The sender of {@link IknpOtExtension}: holds Delta and, for each base OT j, the seed k_{Delta_j}.
 * Every chunk receives the receiver's u matrix and derives q_i, with t_i = q_i xor r_i Delta on the other side.
 */
public final class IknpOtSender implements OtSender {
    private final Channel channel;
    private final long deltaLo;
    private final long deltaHi;
    private final Cipher[] columns = new Cipher[IknpOtExtension.BASE_OTS];
    private final CorrelationRobustHash hash = new CorrelationRobustHash();
    /** Keystream input for the columns with s_j = 0, whose q_j is G(k0_j) alone. */
    private final byte[] zeros = new byte[IknpOtExtension.STRIP / 8];
    /** One strip of q, row j at {@code j * 8 * stripWords}: reused so the hot data stays in cache. */
    private final byte[] strip = new byte[IknpOtExtension.BASE_OTS * IknpOtExtension.STRIP / 8];
    private final long[] rows = new long[2 * IknpOtExtension.STRIP];
    private final long[] pad0 = new long[IknpOtExtension.STRIP];
    private final long[] pad1 = new long[IknpOtExtension.STRIP];
    /** Next unused hash tweak; advances in step with the receiver's. */
    private long tweak;

    IknpOtSender(Channel channel, long deltaLo, long deltaHi, byte[][] seeds) {
        this.channel = channel;
        this.deltaLo = deltaLo;
        this.deltaHi = deltaHi;
        for (int j = 0; j < columns.length; j++) {
            columns[j] = IknpOtExtension.keystream(seeds[j]);
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
            int o = off;
            extend(m, (q, first, c) -> System.arraycopy(q, 0, out, 2 * (o + first), 2 * c));
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
            long[] masked = new long[2 * m];
            int o = off;
            randomPads(m, (first, c) -> {
                for (int i = 0; i < c; i++) {
                    masked[2 * (first + i)] = m0[o + first + i] ^ pad0[i];
                    masked[2 * (first + i) + 1] = m1[o + first + i] ^ pad1[i];
                }
            });
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
            long[] correction = new long[m];
            int o = off;
            randomPads(m, (first, c) -> {
                for (int i = 0; i < c; i++) {
                    x[o + first + i] = pad0[i] & mask;
                    // The receiver with choice 1 adds this to its pad H(q xor Delta) and gets x + delta.
                    correction[first + i] = pad0[i] + delta[o + first + i] - pad1[i];
                }
            });
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
            int o = off;
            randomPads(m, (first, c) -> {
                for (int i = 0; i < c; i++) {
                    r[0][o + first + i] = pad0[i] & mask;
                    r[1][o + first + i] = pad1[i] & mask;
                }
            });
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
            long[] key0 = new long[2 * c * k];
            long[] key1 = new long[2 * c * k];
            extend(c * k, (q, first, s) -> {
                hash.hash(q, 0, 0, 0, base + first, key0, 2 * first, s, false);
                hash.hash(q, 0, deltaLo, deltaHi, base + first, key1, 2 * first, s, false);
            });
            tweak += (long) c * k;
            long[] leaves = OneOfNTree.allLeaves(hash, key0, key1, c, k, base);
            long[] masked = new long[c * n];
            for (int i = 0; i < c * n; i++) {
                masked[i] = messages[off * n + i] ^ leaves[2 * i];
            }
            channel.send(IknpOtExtension.LABEL_ONE_OF_N, BitPacking.pack(masked, c * n, bits));
        }
    }

    /** Consumes {@link #pad0} = H(i, q_i) and {@link #pad1} = H(i, q_i xor Delta) (low words) strip by strip. */
    private interface PadSink {
        void accept(int first, int count);
    }

    /** Runs one chunk of m OTs, handing each strip's pads to {@code sink}. */
    private void randomPads(int m, PadSink sink) {
        long base = tweak;
        extend(m, (q, first, c) -> {
            hash.hash(q, 0, 0, 0, base + first, pad0, 0, c, true);
            hash.hash(q, 0, deltaLo, deltaHi, base + first, pad1, 0, c, true);
            sink.accept(first, c);
        });
        tweak += m;
    }

    /**
     * One chunk of correlated OTs: per strip, q_j = G(k_{s_j}) xor s_j u_j for every column (one AES-CTR pass,
     * encrypting u_j or zeros), then transposed to rows and handed to {@code sink}.
     */
    private void extend(int m, IknpOtExtension.StripSink sink) {
        int words = IknpOtExtension.words(m);
        int rowBytes = 8 * words;
        byte[] u = BitPacking.unpackRows(channel.receive(), IknpOtExtension.BASE_OTS, words, m);
        for (int first = 0; first < m; first += IknpOtExtension.STRIP) {
            int count = Math.min(IknpOtExtension.STRIP, m - first);
            int len = 8 * IknpOtExtension.words(count);
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
