package org.hequant.protocols.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.hequant.he.sampling.Prg;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.sharing.ShareRing;

/**
 * The receiver side of {@link CorrelatedOtSender}: per OT it obtains t_i = q_i xor r_i Delta for its choice
 * r_i from the engine (IKNP's or Ferret's receiver, {@code ot.iknp} and {@code ot.ferret}) and hashes t_i into the pad of
 * the chosen message.
 *
 * <p>A batched call costs one flight each way whatever its size: the receiver sends the choice message of
 * every chunk before it reads any answer, keeping per chunk only what it needs later (the pads of the chosen
 * messages, in the output array), and the sender answers chunk by chunk. The engine decides when a chunk's
 * t_i appear: IKNP computes them while it builds the chunk's u matrix, Ferret only when the extension chunks
 * that carry them arrive, in the same order as the sender's answers.
 */
public abstract class CorrelatedOtReceiver implements OtReceiver {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    protected final Channel channel;
    private final CorrelationRobustHash hash = new CorrelationRobustHash();
    private final Prg randomChoices = Prg.fromSystemEntropy();
    /** Next unused hash tweak; advances in step with the sender's. */
    private long tweak;
    /** Calls begun and calls finished: the sender answers calls in the order they began. */
    private long begun;
    private long finished;

    protected CorrelatedOtReceiver(Channel channel) {
        this.channel = channel;
    }

    /** Raw correlated OTs: t_i as words {@code [2i, 2i + 1]}, equal to the sender's q_i xor (choice_i ? Delta : 0). */
    public long[] correlated(boolean[] choices) {
        long[] out = new long[2 * choices.length];
        return new Batch(choices.length, OtChunks.CHUNK, out) {
            @Override
            byte[] choiceBits(int off, int m) {
                return packChoices(choices, off, m);
            }

            @Override
            OtChunks.StripSink rows(int off, int m) {
                return (t, first, c) -> System.arraycopy(t, 0, out, 2 * (off + first), 2 * c);
            }
        }.begin().finish();
    }

    @Override
    public Pending beginReceive(boolean[] choices, int bits) {
        OtChunks.checkBits(bits);
        long mask = ShareRing.mask(bits);
        return new PadBatch(choices, new long[choices.length]) {
            @Override
            void answer(int off, int m) {
                long[] masked = BitPacking.unpack(channel.receive(), 2 * m, bits);
                for (int i = 0; i < m; i++) {
                    out[off + i] = masked[2 * i + (choices[off + i] ? 1 : 0)] ^ (out[off + i] & mask);
                }
            }
        }.begin();
    }

    @Override
    public long[] receive(boolean[] choices, int bits) {
        return beginReceive(choices, bits).finish();
    }

    @Override
    public long[] receiveCorrelated(boolean[] choices, int bits) {
        return beginReceiveCorrelated(choices, bits).finish();
    }

    @Override
    public Pending beginReceiveCorrelated(boolean[] choices, int bits) {
        OtChunks.checkBits(bits);
        long mask = ShareRing.mask(bits);
        return new PadBatch(choices, new long[choices.length]) {
            @Override
            void answer(int off, int m) {
                long[] correction = BitPacking.unpack(channel.receive(), m, bits);
                for (int i = 0; i < m; i++) {
                    long pad = out[off + i];
                    out[off + i] = (choices[off + i] ? pad + correction[i] : pad) & mask;
                }
            }
        }.begin();
    }

    @Override
    public Pending beginReceiveRandom(boolean[] choices, int bits) {
        OtChunks.checkBits(bits);
        long mask = ShareRing.mask(bits);
        return new PadBatch(choices, new long[choices.length]) {
            @Override
            void answer(int off, int m) {
                for (int i = off; i < off + m; i++) {
                    out[i] &= mask;
                }
            }
        }.begin();
    }

    @Override
    public long[] receiveRandom(boolean[] choices, int bits) {
        return beginReceiveRandom(choices, bits).finish();
    }

    @Override
    public RandomChoiceOts receiveRandomChoices(int count, int bits) {
        OtChunks.checkBits(bits);
        if (count < 0) {
            throw new IllegalArgumentException("negative OT count " + count);
        }
        long mask = ShareRing.mask(bits);
        boolean[] choices = new boolean[count];
        long[] pads = new PadBatch(choices, new long[choices.length]) {
            @Override
            boolean chooseChunk(int off, int m) {
                return chooseRandomly(choices, off, m, rows(off, m));
            }

            @Override
            void answer(int off, int m) {
                for (int i = off; i < off + m; i++) {
                    out[i] &= mask;
                }
            }
        }.begin().finish();
        return new RandomChoiceOts(choices, pads);
    }

    /**
     * 1-out-of-2^k: k random OTs per instance, chosen by the bits of its choice; a chunk's keys become the
     * chosen leaves (kept in the output until the masked messages arrive) as soon as the engine hands them over.
     */
    @Override
    public long[] receiveOneOfN(int[] choices, int k, int bits) {
        OtChunks.checkK(k);
        OtChunks.checkBits(bits);
        int n = 1 << k;
        for (int c : choices) {
            if (c < 0 || c >= n) {
                throw new IllegalArgumentException("1-out-of-" + n + " choice " + c + " is outside [0, " + n + ")");
            }
        }
        long mask = ShareRing.mask(bits);
        int perChunk = OneOfNTree.instancesPerChunk(k);
        long[] out = new long[choices.length];
        long[] keys = new long[2 * Math.min(perChunk, choices.length) * k];
        return new Batch(choices.length, perChunk, out) {
            @Override
            int cots(int m) {
                return m * k;
            }

            @Override
            byte[] choiceBits(int off, int m) {
                byte[] r = new byte[8 * OtChunks.words(m * k)];
                for (int i = 0; i < m; i++) {
                    for (int d = 0; d < k; d++) {
                        int index = i * k + d;
                        r[index >>> 3] |= (byte) (((choices[off + i] >>> d) & 1) << (index & 7));
                    }
                }
                return r;
            }

            @Override
            OtChunks.StripSink rows(int off, int m) {
                long base = tweakOf(off);
                return (t, first, s) -> hash.hash(t, 0, 0, 0, base + first, keys, 2 * first, s, false);
            }

            @Override
            void rowsDone(int off, int m) {
                long[] leaves = OneOfNTree.chosenLeaves(hash, keys, choices, off, m, k, tweakOf(off));
                for (int i = 0; i < m; i++) {
                    out[off + i] = leaves[2 * i];
                }
            }

            @Override
            void answer(int off, int m) {
                long[] masked = BitPacking.unpack(channel.receive(), m * n, bits);
                for (int i = 0; i < m; i++) {
                    out[off + i] = (masked[i * n + choices[off + i]] ^ out[off + i]) & mask;
                }
            }
        }.begin().finish();
    }

    /**
     * One batched call cut into chunks of at most {@code perChunk} instances: {@link #begin} sends every chunk's
     * choices, {@link #finish} takes the rows the engine had not yet handed over and the sender's answers,
     * chunk by chunk.
     */
    private abstract class Batch implements Pending {
        private final int count;
        private final int perChunk;
        final long[] out;
        private final long firstTweak;
        private final long order;
        private final boolean[] delivered;

        Batch(int count, int perChunk, long[] out) {
            if (count < 0) {
                throw new IllegalArgumentException("negative OT count " + count);
            }
            this.count = count;
            this.perChunk = perChunk;
            this.out = out;
            this.firstTweak = tweak;
            this.order = begun++;
            this.delivered = new boolean[(count + perChunk - 1) / perChunk];
        }

        /** COTs used by m instances. */
        int cots(int m) {
            return m;
        }

        /** The hash tweak of the instance {@code off}'s first COT. */
        long tweakOf(int off) {
            return firstTweak + cots(off);
        }

        /** The packed choice bits (little-endian, whole words) of the COTs of instances off .. off + m. */
        abstract byte[] choiceBits(int off, int m);

        /** Where the t_i of the chunk of instances off .. off + m go, strip by strip. */
        abstract OtChunks.StripSink rows(int off, int m);

        /** Sends (or, for random choices, picks) the choices of the chunk; returns whether its rows are delivered. */
        boolean chooseChunk(int off, int m) {
            return choose(choiceBits(off, m), cots(m), rows(off, m));
        }

        /** After the chunk's rows are all handed over. */
        void rowsDone(int off, int m) {
        }

        /** Reads the sender's answer for the chunk and completes its outputs. */
        void answer(int off, int m) {
        }

        Batch begin() {
            tweak += cots(count);
            for (int off = 0, c = 0; off < count; off += perChunk, c++) {
                int m = Math.min(perChunk, count - off);
                delivered[c] = chooseChunk(off, m);
                if (delivered[c]) {
                    rowsDone(off, m);
                }
            }
            return this;
        }

        @Override
        public long[] finish() {
            if (order != finished) {
                throw new IllegalStateException("OT receive " + order + " finished before receive " + finished
                        + ", which began earlier");
            }
            finished++;
            for (int off = 0, c = 0; off < count; off += perChunk, c++) {
                int m = Math.min(perChunk, count - off);
                if (!delivered[c]) {
                    settle(cots(m), rows(off, m));
                    rowsDone(off, m);
                }
                answer(off, m);
            }
            return out;
        }
    }

    /** A batch whose outputs start as H(i, t_i) (low 64 bits), the sender's pad of the chosen message. */
    private abstract class PadBatch extends Batch {
        private final boolean[] choices;

        PadBatch(boolean[] choices, long[] out) {
            super(choices.length, OtChunks.CHUNK, out);
            this.choices = choices;
        }

        @Override
        byte[] choiceBits(int off, int m) {
            return packChoices(choices, off, m);
        }

        @Override
        OtChunks.StripSink rows(int off, int m) {
            long base = tweakOf(off);
            // Hashed strip by strip, while each is in cache.
            return (t, first, c) -> hash.hash(t, 0, 0, 0, base + first, out, off + first, c, true);
        }
    }

    /** The choice bits of OTs off .. off + m, little-endian, padded to whole words. */
    private static byte[] packChoices(boolean[] choices, int off, int m) {
        byte[] r = new byte[8 * OtChunks.words(m)];
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
     * Picks random choice bits for the next m correlated OTs into {@code choices[off, off + m)} and runs them as
     * {@link #choose} does. An engine whose correlations carry their own random choice bits overrides this to
     * take those and send nothing; the sender's {@link CorrelatedOtSender#extendWithRandomChoices} matches it.
     */
    protected boolean chooseRandomly(boolean[] choices, int off, int m, OtChunks.StripSink sink) {
        long word = 0;
        for (int i = 0; i < m; i++) {
            if ((i & 63) == 0) {
                word = randomChoices.nextLong();
            }
            choices[off + i] = ((word >>> (i & 63)) & 1) != 0;
        }
        return choose(packChoices(choices, off, m), m, sink);
    }

    /**
     * Sends the choice message of the next m correlated OTs for choice bits r (little-endian, padded to whole
     * words), matching the sender's call for the same m. Returns whether it has handed their t_i to
     * {@code sink} (in strips of at most {@link OtChunks#STRIP} rows); if not, {@link #settle} will.
     */
    protected abstract boolean choose(byte[] r, int m, OtChunks.StripSink sink);

    /** Hands the t_i of the oldest chosen chunk that {@link #choose} did not deliver, once they can be computed. */
    protected abstract void settle(int m, OtChunks.StripSink sink);
}
