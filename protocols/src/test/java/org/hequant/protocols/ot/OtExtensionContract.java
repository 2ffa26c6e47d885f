package org.hequant.protocols.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every correlated-OT engine must deliver: each flavour returns the chosen message, and the per-call
 * traffic the engine charges for the receiver's choices ({@link #choiceLabel()}) is exact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OtExtensionContract {
    private static final int[] SIZES = {1, 7, 64, 1000, 100_000};
    private static final int[] BITS = {1, 2, 8, 37, 64};
    protected OtSession session;
    protected final SplittableRandom random = new SplittableRandom(7);

    protected abstract OtSession connect() throws Exception;

    /** The label of the receiver's per-OT traffic. */
    protected abstract String choiceLabel();

    /** Bytes the receiver sends under {@link #choiceLabel()} for one call of n correlated OTs. */
    protected abstract long choiceBytes(long n);

    /** Bytes the receiver sends for n random OTs with random choices (none where the engine's bits are random). */
    protected abstract long randomChoiceBytes(long n);

    @BeforeAll
    void open() throws Exception {
        session = connect();
    }

    @AfterAll
    void close() {
        session.close();
    }

    protected long[] values(int n, int bits) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextLong() & ShareRing.mask(bits);
        }
        return v;
    }

    protected boolean[] choices(int n) {
        boolean[] c = new boolean[n];
        for (int i = 0; i < n; i++) {
            c[i] = random.nextBoolean();
        }
        return c;
    }

    protected long sent(Party party, String label) {
        return session.meter.bytesSentBy(party, label);
    }

    @Test
    void correlatedOtsDifferByDeltaExactlyWhereTheChoiceIsOne() throws Exception {
        for (int n : new int[] {1, 65, 1000, (1 << 20) + 3}) {
            boolean[] c = choices(n);
            long before = sent(Party.CLIENT, choiceLabel());
            var r = session.run(s -> s.correlated(n), rc -> rc.correlated(c));
            long[] delta = session.sender.delta();
            for (int i = 0; i < n; i++) {
                assertEquals(r.sent()[2 * i] ^ (c[i] ? delta[0] : 0), r.received()[2 * i], "OT " + i);
                assertEquals(r.sent()[2 * i + 1] ^ (c[i] ? delta[1] : 0), r.received()[2 * i + 1], "OT " + i);
            }
            assertEquals(choiceBytes(n), sent(Party.CLIENT, choiceLabel()) - before);
        }
    }

    @Test
    void chosenOtDeliversTheChosenMessageAtOnePlusTwoBitsPerOt() throws Exception {
        for (int bits : BITS) {
            for (int n : SIZES) {
                long[] m0 = values(n, bits);
                long[] m1 = values(n, bits);
                boolean[] c = choices(n);
                long matrix = sent(Party.CLIENT, choiceLabel());
                long chosen = sent(Party.SERVER, CorrelatedOtSender.LABEL_CHOSEN);
                long[] got = session.run(s -> {
                    s.send(m0, m1, bits);
                    return null;
                }, rc -> rc.receive(c, bits)).received();
                for (int i = 0; i < n; i++) {
                    assertEquals(c[i] ? m1[i] : m0[i], got[i], "bits " + bits + " n " + n + " OT " + i);
                }
                assertEquals(choiceBytes(n), sent(Party.CLIENT, choiceLabel()) - matrix);
                assertEquals((2L * n * bits + 7) / 8, sent(Party.SERVER, CorrelatedOtSender.LABEL_CHOSEN) - chosen);
            }
        }
    }

    @Test
    void correlatedOtGivesXPlusChoiceTimesDelta() throws Exception {
        for (int bits : BITS) {
            for (int n : SIZES) {
                long[] delta = values(n, bits);
                boolean[] c = choices(n);
                long before = sent(Party.SERVER, CorrelatedOtSender.LABEL_CORRELATED);
                var r = session.run(s -> s.sendCorrelated(delta, bits), rc -> rc.receiveCorrelated(c, bits));
                for (int i = 0; i < n; i++) {
                    long x = r.sent()[i];
                    assertEquals(x, x & ShareRing.mask(bits));
                    assertEquals((x + (c[i] ? delta[i] : 0)) & ShareRing.mask(bits), r.received()[i], "bits " + bits + " OT " + i);
                }
                assertEquals((long) n * bits / 8 + (n * bits % 8 == 0 ? 0 : 1),
                        sent(Party.SERVER, CorrelatedOtSender.LABEL_CORRELATED) - before);
            }
        }
    }

    @Test
    void randomOtGivesTheChosenPadAndCostsOnlyTheChoices() throws Exception {
        for (int bits : BITS) {
            for (int n : SIZES) {
                boolean[] c = choices(n);
                long before = session.meter.bytesSentBy(Party.SERVER);
                long matrix = sent(Party.CLIENT, choiceLabel());
                var r = session.run(s -> s.sendRandom(n, bits), rc -> rc.receiveRandom(c, bits));
                for (int i = 0; i < n; i++) {
                    assertEquals(r.sent()[c[i] ? 1 : 0][i], r.received()[i], "bits " + bits + " OT " + i);
                    assertEquals(r.sent()[0][i], r.sent()[0][i] & ShareRing.mask(bits));
                }
                assertEquals(before, session.meter.bytesSentBy(Party.SERVER));
                assertEquals(choiceBytes(n), sent(Party.CLIENT, choiceLabel()) - matrix);
            }
        }
    }

    @Test
    void randomChoiceOtGivesThePadOfItsOwnUniformChoiceAndCostsOnlyTheEnginesChoices() throws Exception {
        for (int bits : BITS) {
            for (int n : SIZES) {
                long server = session.meter.bytesSentBy(Party.SERVER);
                long client = session.meter.bytesSentBy(Party.CLIENT);
                var r = session.run(s -> s.sendRandomChoices(n, bits), rc -> rc.receiveRandomChoices(n, bits));
                int ones = 0;
                for (int i = 0; i < n; i++) {
                    boolean c = r.received().choices()[i];
                    ones += c ? 1 : 0;
                    assertEquals(r.sent()[c ? 1 : 0][i], r.received().messages()[i], "bits " + bits + " OT " + i);
                    assertEquals(r.sent()[1][i], r.sent()[1][i] & ShareRing.mask(bits));
                }
                if (n == 100_000) {
                    assertTrue(Math.abs(ones - n / 2) < 1500, ones + " of " + n + " choices are 1");
                }
                assertEquals(server, session.meter.bytesSentBy(Party.SERVER));
                assertEquals(randomChoiceBytes(n), session.meter.bytesSentBy(Party.CLIENT) - client);
            }
        }
    }

    /** If the hash were linear (or ignored Delta) r0 xor r1 would be constant; it must look uniform instead. */
    @Test
    void theUnchosenRandomPadIsUnrelatedToTheChosenOne() throws Exception {
        int n = 100_000;
        boolean[] c = choices(n);
        var r = session.run(s -> s.sendRandom(n, 64), rc -> rc.receiveRandom(c, 64));
        int[] ones = new int[64];
        for (int i = 0; i < n; i++) {
            long other = r.sent()[c[i] ? 0 : 1][i];
            long diff = other ^ r.received()[i];
            assertTrue(diff != 0 && diff != session.sender.delta()[0], "OT " + i);
            for (int b = 0; b < 64; b++) {
                ones[b] += (int) ((diff >>> b) & 1);
            }
        }
        for (int b = 0; b < 64; b++) {
            assertTrue(Math.abs(ones[b] - n / 2) < 1500, "bit " + b + " of r0 xor r1 is set in " + ones[b] + " of " + n);
        }
    }

    @Test
    void oneOfNDeliversTheChosenMessage() throws Exception {
        for (int k : new int[] {1, 4, 8}) {
            for (int bits : new int[] {1, 8, 37, 64}) {
                for (int n : new int[] {1, 7, 1000, k == 8 ? 3000 : 100_000}) {
                    int width = 1 << k;
                    long[] messages = values(n * width, bits);
                    int[] c = new int[n];
                    for (int i = 0; i < n; i++) {
                        c[i] = random.nextInt(width);
                    }
                    long matrix = sent(Party.CLIENT, choiceLabel());
                    long masked = sent(Party.SERVER, CorrelatedOtSender.LABEL_ONE_OF_N);
                    long[] got = session.run(s -> {
                        s.sendOneOfN(messages, k, bits);
                        return null;
                    }, rc -> rc.receiveOneOfN(c, k, bits)).received();
                    for (int i = 0; i < n; i++) {
                        assertEquals(messages[i * width + c[i]], got[i], "k " + k + " bits " + bits + " instance " + i);
                    }
                    assertEquals(choiceBytes((long) k * n), sent(Party.CLIENT, choiceLabel()) - matrix);
                    int perChunk = OneOfNTree.instancesPerChunk(k);
                    long expected = 0;
                    for (int off = 0; off < n; off += perChunk) {
                        expected += ((long) Math.min(perChunk, n - off) * width * bits + 7) / 8;
                    }
                    assertEquals(expected, sent(Party.SERVER, CorrelatedOtSender.LABEL_ONE_OF_N) - masked);
                }
            }
        }
    }

    /**
     * A batched call costs the same flights whether it runs in one chunk or in several: the receiver's choices,
     * then the sender's answers (a random OT only the choices). Counted by the metered channel, on a fresh
     * session; before each size a one-OT call leaves the receiver holding the latest flight.
     */
    @Test
    void aCallCostsTheSameFlightsInOneChunkAsInSeveral() throws Exception {
        int oneOfNChunk = OneOfNTree.instancesPerChunk(4);
        try (OtSession fresh = connect()) {
            for (int[] n : new int[][] {{1000, 1000}, {2 * OtChunks.CHUNK + 5, 3 * oneOfNChunk + 5}}) {
                fresh.run(s -> {
                    s.send(new long[1], new long[1], 1);
                    return null;
                }, rc -> rc.receive(new boolean[1], 1));
                long[] m0 = values(n[0], 8);
                long[] m1 = values(n[0], 8);
                boolean[] c = choices(n[0]);
                long chosen = flightsOf(fresh, () -> fresh.run(s -> {
                    s.send(m0, m1, 8);
                    return null;
                }, rc -> rc.receive(c, 8)));
                long correlated = flightsOf(fresh, () -> fresh.run(s -> s.sendCorrelated(m0, 8),
                        rc -> rc.receiveCorrelated(c, 8)));
                long[] messages = values(16 * n[1], 2);
                int[] leaves = new int[n[1]];
                for (int i = 0; i < leaves.length; i++) {
                    leaves[i] = random.nextInt(16);
                }
                long oneOfN = flightsOf(fresh, () -> fresh.run(s -> {
                    s.sendOneOfN(messages, 4, 2);
                    return null;
                }, rc -> rc.receiveOneOfN(leaves, 4, 2)));
                long randomOt = flightsOf(fresh, () -> fresh.run(s -> s.sendRandom(n[0], 1), rc -> rc.receiveRandom(c, 1)));
                fresh.run(s -> {
                    s.send(new long[1], new long[1], 1);
                    return null;
                }, rc -> rc.receive(new boolean[1], 1));
                long randomChoices = flightsOf(fresh, () -> fresh.run(s -> s.sendRandomChoices(n[0], 1),
                        rc -> rc.receiveRandomChoices(n[0], 1)));
                assertEquals(List.of(2L, 2L, 2L, 1L, randomChoiceBytes(n[0]) > 0 ? 1L : 0L),
                        List.of(chosen, correlated, oneOfN, randomOt, randomChoices),
                        "flights of chosen, correlated, 1-of-16, random OT and random-choice OT for " + n[0]
                                + " (1-of-16: " + n[1] + ")");
            }
        }
    }

    private interface Call {
        void run() throws Exception;
    }

    private static long flightsOf(OtSession session, Call call) throws Exception {
        long before = session.meter.flights();
        call.run();
        return session.meter.flights() - before;
    }

    @Test
    void badArgumentsAreRejectedBeforeAnyTraffic() {
        long before = session.meter.bytesSentBy(Party.CLIENT) + session.meter.bytesSentBy(Party.SERVER);
        assertThrows(IllegalArgumentException.class, () -> session.sender.send(new long[2], new long[2], 0));
        assertThrows(IllegalArgumentException.class, () -> session.sender.send(new long[2], new long[2], 65));
        assertThrows(IllegalArgumentException.class, () -> session.sender.send(new long[2], new long[3], 8));
        assertThrows(IllegalArgumentException.class, () -> session.sender.sendRandom(-1, 8));
        assertThrows(IllegalArgumentException.class, () -> session.sender.sendRandomChoices(-1, 8));
        assertThrows(IllegalArgumentException.class, () -> session.sender.sendRandomChoices(4, 65));
        assertThrows(IllegalArgumentException.class, () -> session.receiver.receiveRandomChoices(-1, 8));
        assertThrows(IllegalArgumentException.class, () -> session.receiver.receiveRandomChoices(4, 0));
        assertThrows(IllegalArgumentException.class, () -> session.sender.sendCorrelated(new long[2], 0));
        assertThrows(IllegalArgumentException.class, () -> session.sender.sendOneOfN(new long[4], 0, 8));
        assertThrows(IllegalArgumentException.class, () -> session.sender.sendOneOfN(new long[512], 9, 8));
        assertThrows(IllegalArgumentException.class, () -> session.sender.sendOneOfN(new long[17], 4, 8));
        assertThrows(IllegalArgumentException.class, () -> session.receiver.receive(new boolean[2], 65));
        assertThrows(IllegalArgumentException.class, () -> session.receiver.receiveRandom(new boolean[2], 0));
        assertThrows(IllegalArgumentException.class, () -> session.receiver.receiveCorrelated(new boolean[2], -3));
        assertThrows(IllegalArgumentException.class, () -> session.receiver.receiveOneOfN(new int[] {16}, 4, 8));
        assertThrows(IllegalArgumentException.class, () -> session.receiver.receiveOneOfN(new int[] {-1}, 4, 8));
        assertThrows(IllegalArgumentException.class, () -> session.receiver.receiveOneOfN(new int[] {0}, 9, 8));
        assertEquals(before, session.meter.bytesSentBy(Party.CLIENT) + session.meter.bytesSentBy(Party.SERVER));
    }
}
