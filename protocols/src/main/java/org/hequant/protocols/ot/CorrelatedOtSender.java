package org.hequant.protocols.ot;

import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.sharing.ShareRing;

/**
 * The OT flavours of {@link OtSender} built on correlated OTs: the sender holds a global Delta and, per OT,
 * q_i, where the receiver holds t_i = q_i xor r_i Delta for its choice r_i; {@link CorrelationRobustHash}
 * turns each pair (q_i, q_i xor Delta) into two independent pads. Subclasses are the engines that produce
 * the correlation: IKNP's sender (128 bits per OT, {@code ot.iknp}) and Ferret's (silent, about 1.4, {@code ot.ferret}).
 */
public abstract class CorrelatedOtSender implements OtSender {
    public static final String LABEL_CHOSEN = "ot/chosen";
    public static final String LABEL_CORRELATED = "ot/correlated";
    public static final String LABEL_ONE_OF_N = "ot/one-of-n";
    protected final Channel channel;
    protected final long deltaLo;
    protected final long deltaHi;
    private final CorrelationRobustHash hash = new CorrelationRobustHash();
    private final long[] pad0 = new long[OtChunks.STRIP];
    private final long[] pad1 = new long[OtChunks.STRIP];
    /** Next unused hash tweak; advances in step with the receiver's. */
    private long tweak;

    protected CorrelatedOtSender(Channel channel, long deltaLo, long deltaHi) {
        this.channel = channel;
        this.deltaLo = deltaLo;
        this.deltaHi = deltaHi;
    }

    /** Delta as {low word, high word}: bit j is the choice this party made in base OT j. */
    public long[] delta() {
        return new long[] {deltaLo, deltaHi};
    }

    /**
     * Raw correlated OTs: q_i as words {@code [2i, 2i + 1]}; the receiver's t_i equals q_i xor (r_i ? Delta : 0).
     * Costs only the engine's correlation traffic, and no hashing.
     */
    public long[] correlated(int count) {
        long[] out = new long[2 * count];
        OtChunks.inChunks(count, (off, m) ->
                extend(m, (q, first, c) -> System.arraycopy(q, 0, out, 2 * (off + first), 2 * c)));
        return out;
    }

    @Override
    public void send(long[] m0, long[] m1, int bits) {
        OtChunks.checkBits(bits);
        if (m0.length != m1.length) {
            throw new IllegalArgumentException("m0 has " + m0.length + " messages but m1 has " + m1.length);
        }
        OtChunks.inChunks(m0.length, (off, m) -> {
            long[] masked = new long[2 * m];
            randomPads(m, (first, c) -> {
                for (int i = 0; i < c; i++) {
                    masked[2 * (first + i)] = m0[off + first + i] ^ pad0[i];
                    masked[2 * (first + i) + 1] = m1[off + first + i] ^ pad1[i];
                }
            });
            channel.send(LABEL_CHOSEN, BitPacking.pack(masked, 2 * m, bits));
        });
    }

    @Override
    public long[] sendCorrelated(long[] delta, int bits) {
        OtChunks.checkBits(bits);
        long mask = ShareRing.mask(bits);
        long[] x = new long[delta.length];
        OtChunks.inChunks(delta.length, (off, m) -> {
            long[] correction = new long[m];
            randomPads(m, (first, c) -> {
                for (int i = 0; i < c; i++) {
                    x[off + first + i] = pad0[i] & mask;
                    // The receiver with choice 1 adds this to its pad H(q xor Delta) and gets x + delta.
                    correction[first + i] = pad0[i] + delta[off + first + i] - pad1[i];
                }
            });
            channel.send(LABEL_CORRELATED, BitPacking.pack(correction, m, bits));
        });
        return x;
    }

    @Override
    public long[][] sendRandom(int count, int bits) {
        OtChunks.checkBits(bits);
        if (count < 0) {
            throw new IllegalArgumentException("negative OT count " + count);
        }
        long mask = ShareRing.mask(bits);
        long[][] r = new long[2][count];
        OtChunks.inChunks(count, (off, m) -> randomPads(m, (first, c) -> {
            for (int i = 0; i < c; i++) {
                r[0][off + first + i] = pad0[i] & mask;
                r[1][off + first + i] = pad1[i] & mask;
            }
        }));
        return r;
    }

    @Override
    public long[][] sendRandomChoices(int count, int bits) {
        OtChunks.checkBits(bits);
        if (count < 0) {
            throw new IllegalArgumentException("negative OT count " + count);
        }
        long mask = ShareRing.mask(bits);
        long[][] r = new long[2][count];
        OtChunks.inChunks(count, (off, m) -> pads(m, true, (first, c) -> {
            for (int i = 0; i < c; i++) {
                r[0][off + first + i] = pad0[i] & mask;
                r[1][off + first + i] = pad1[i] & mask;
            }
        }));
        return r;
    }

    /**
     * 1-out-of-2^k from k random OTs per instance: the pad of message x is the leaf x of a binary hash tree
     * whose level d mixes in the key of random OT d picked by bit d of x, so every pad but the chosen one
     * depends on at least one key the receiver lacks.
     */
    @Override
    public void sendOneOfN(long[] messages, int k, int bits) {
        OtChunks.checkK(k);
        OtChunks.checkBits(bits);
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
            channel.send(LABEL_ONE_OF_N, BitPacking.pack(masked, c * n, bits));
        }
    }

    /** Consumes {@link #pad0} = H(i, q_i) and {@link #pad1} = H(i, q_i xor Delta) (low words) strip by strip. */
    private interface PadSink {
        void accept(int first, int count);
    }

    /** Runs one chunk of m OTs, handing each strip's pads to {@code sink}. */
    private void randomPads(int m, PadSink sink) {
        pads(m, false, sink);
    }

    /** {@link #randomPads}, for choices the receiver picked or, with {@code randomChoices}, the engine's own. */
    private void pads(int m, boolean randomChoices, PadSink sink) {
        long base = tweak;
        OtChunks.StripSink rows = (q, first, c) -> {
            hash.hash(q, 0, 0, 0, base + first, pad0, 0, c, true);
            hash.hash(q, 0, deltaLo, deltaHi, base + first, pad1, 0, c, true);
            sink.accept(first, c);
        };
        if (randomChoices) {
            extendWithRandomChoices(m, rows);
        } else {
            extend(m, rows);
        }
        tweak += m;
    }

    /**
     * The next m correlated OTs (m at most {@link OtChunks#CHUNK}), matching the receiver's call for the
     * same m: hands q_i to {@code sink} in strips of at most {@link OtChunks#STRIP} rows.
     */
    protected abstract void extend(int m, OtChunks.StripSink sink);

    /**
     * {@link #extend} for OTs whose receiver took random choices ({@link CorrelatedOtReceiver#chooseRandomly}):
     * the same for an engine whose receiver sends them; a silent engine reads no choice message.
     */
    protected void extendWithRandomChoices(int m, OtChunks.StripSink sink) {
        extend(m, sink);
    }
}
