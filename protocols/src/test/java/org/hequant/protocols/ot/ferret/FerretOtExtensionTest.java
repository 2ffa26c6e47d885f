package org.hequant.protocols.ot.ferret;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.hequant.he.sampling.Prg;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.channel.ChannelException;
import org.hequant.protocols.channel.InMemoryChannel;
import org.hequant.protocols.channel.Party;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.ot.CorrelatedOtReceiver;
import org.hequant.protocols.ot.CorrelatedOtSender;
import org.hequant.protocols.ot.CorrelatedOtSetup;
import org.hequant.protocols.ot.OtExtensionContract;
import org.hequant.protocols.ot.OtSession;
import org.hequant.protocols.ot.iknp.IknpOtExtension;
import org.junit.jupiter.api.Test;

class FerretOtExtensionTest extends OtExtensionContract {
    /** Tiny sets (not secure, test only) so that a few thousand OTs cross many extension boundaries. */
    private static final List<LpnParameters> TINY = List.of(new LpnParameters("tiny-1", 40, 16, 5),
            new LpnParameters("tiny-2", 300, 20, 5));

    @Override
    protected OtSession connect() throws Exception {
        return new OtSession(c -> FerretOtExtension.sender(c, IknpOtExtension.setup()),
                c -> FerretOtExtension.receiver(c, IknpOtExtension.setup()));
    }

    @Override
    protected String choiceLabel() {
        return FerretOtExtension.LABEL_CHOICE;
    }

    @Override
    protected long choiceBytes(long n) {
        return (n + 7) / 8;
    }

    @Override
    protected long randomChoiceBytes(long n) {
        return 0;
    }

    /** Base COTs made up directly: random Delta, keys and bits, macs = key xor bit * Delta. */
    private record Base(long deltaLo, long deltaHi, long[] keys, boolean[] bits, long[] macs) {
        static Base random(int count, SplittableRandom random) {
            long dLo = random.nextLong();
            long dHi = random.nextLong();
            long[] keys = new long[2 * count];
            boolean[] bits = new boolean[count];
            long[] macs = new long[2 * count];
            for (int i = 0; i < count; i++) {
                keys[2 * i] = random.nextLong();
                keys[2 * i + 1] = random.nextLong();
                bits[i] = random.nextBoolean();
                macs[2 * i] = keys[2 * i] ^ (bits[i] ? dLo : 0);
                macs[2 * i + 1] = keys[2 * i + 1] ^ (bits[i] ? dHi : 0);
            }
            return new Base(dLo, dHi, keys, bits, macs);
        }
    }

    @Test
    void oneExtensionOutputsCorrelatedOtsWithOneNoiseBitPerBlockBeforeTheCode() {
        LpnParameters p = new LpnParameters("test", 2000, 48, 9);
        Base base = Base.random(p.baseCots(), random);
        InMemoryChannel[] ends = InMemoryChannel.pair(new TrafficMeter(), Duration.ofSeconds(30));
        var sender = new FerretExtensionSender(p, 3, base.keys(), base.deltaLo(), base.deltaHi(), Prg.fromSystemEntropy(),
                new LpnSecret());
        var receiver = new FerretExtensionReceiver(p, 3, base.bits(), base.macs(), new LpnSecret());
        int ones = 0;
        int n = 0;
        while (!sender.done()) {
            int count = sender.next(ends[1]);
            assertEquals(count, receiver.next(ends[0], 0));
            long[] keys = sender.keys();
            for (int i = 0; i < count; i++, n++) {
                boolean b = receiver.bits()[i];
                assertEquals(keys[2 * i] ^ (b ? base.deltaLo() : 0), receiver.macs()[2 * i], "COT " + n);
                assertEquals(keys[2 * i + 1] ^ (b ? base.deltaHi() : 0), receiver.macs()[2 * i + 1], "COT " + n);
                ones += b ? 1 : 0;
            }
        }
        assertTrue(receiver.done());
        assertEquals(p.n(), n);
        assertTrue(Math.abs(ones - n / 2) < 4 * Math.sqrt(n), ones + " ones in " + n + " choice bits");
    }

    @Test
    void theLpnCodeCoversTheSecretEvenly() {
        int k = 1000;
        int rows = 20_000;
        long[] columns = new long[LpnParameters.ROW_WEIGHT * rows];
        LpnCode code = new LpnCode(k);
        for (int r = 0; r < rows; r++) {
            code.row(0, r, columns, LpnParameters.ROW_WEIGHT * r, 1);
        }
        int[] hits = new int[k];
        for (long c : columns) {
            hits[(int) c]++;
        }
        double mean = (double) columns.length / k;
        for (int c = 0; c < k; c++) {
            assertTrue(Math.abs(hits[c] - mean) < 6 * Math.sqrt(mean), "column " + c + " hit " + hits[c] + " times");
        }
    }

    @Test
    void theLpnSecretHoldsTheFirstKValuesItIsGivenWhateverItHeldBefore() {
        LpnSecret secret = new LpnSecret();
        for (int k : new int[] {5, 1000, 300, 2000}) {
            long[] values = new long[2 * k + 6];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextLong();
            }
            secret.set(values, k);
            for (int c = 0; c < k; c++) {
                assertEquals(values[2 * c], secret.word(c, 0), "k " + k + " value " + c);
                assertEquals(values[2 * c + 1], secret.word(c, 1), "k " + k + " value " + c);
            }
        }
    }

    @Test
    void manyExtensionsChainThroughTheirReserves() throws Exception {
        try (OtSession tiny = new OtSession(c -> FerretOtExtension.sender(c, IknpOtExtension.setup(), TINY),
                c -> FerretOtExtension.receiver(c, IknpOtExtension.setup(), TINY))) {
            for (int n : new int[] {1, 239, 240, 241, 5000}) {
                boolean[] c = choices(n);
                var r = tiny.run(s -> s.correlated(n), rc -> rc.correlated(c));
                long[] delta = tiny.sender.delta();
                for (int i = 0; i < n; i++) {
                    assertEquals(r.sent()[2 * i] ^ (c[i] ? delta[0] : 0), r.received()[2 * i], "n " + n + " OT " + i);
                    assertEquals(r.sent()[2 * i + 1] ^ (c[i] ? delta[1] : 0), r.received()[2 * i + 1], "n " + n + " OT " + i);
                }
            }
        }
    }

    /**
     * The bootstrap engine is the one passed in: Ferret seeded by another Ferret (itself over IKNP) still gives
     * COTs under the bootstrap's Delta, and IKNP's matrix carries only the inner Ferret's base.
     */
    @Test
    void ferretBootstrapsFromTheEngineItIsGiven() throws Exception {
        CorrelatedOtSetup innerFerret = new CorrelatedOtSetup() {
            @Override
            public CorrelatedOtSender sender(Channel c) {
                return FerretOtExtension.sender(c, IknpOtExtension.setup(), TINY);
            }

            @Override
            public CorrelatedOtReceiver receiver(Channel c) {
                return FerretOtExtension.receiver(c, IknpOtExtension.setup(), TINY);
            }
        };
        try (OtSession nested = new OtSession(c -> FerretOtExtension.sender(c, innerFerret, TINY),
                c -> FerretOtExtension.receiver(c, innerFerret, TINY))) {
            assertEquals(16L * TINY.get(0).baseCots(), nested.meter.bytesSentBy(Party.CLIENT, IknpOtExtension.LABEL_MATRIX));
            // Set up on IKNP directly, the outer Ferret would run one first extension; nested, the inner one runs too.
            long setup = nested.meter.bytesSentBy(Party.SERVER, FerretOtExtension.LABEL_EXTENSION);
            assertTrue(setup >= 2 * TINY.get(0).extensionBytes(), setup + " bytes of extensions at setup");
            int n = 3000;
            boolean[] c = choices(n);
            var r = nested.run(s -> s.correlated(n), rc -> rc.correlated(c));
            long[] delta = nested.sender.delta();
            for (int i = 0; i < n; i++) {
                assertEquals(r.sent()[2 * i] ^ (c[i] ? delta[0] : 0), r.received()[2 * i], "OT " + i);
                assertEquals(r.sent()[2 * i + 1] ^ (c[i] ? delta[1] : 0), r.received()[2 * i + 1], "OT " + i);
            }
        }
    }

    /** Random-choice calls take the engine's bits in step with chosen calls around them, across extensions. */
    @Test
    void randomChoicesAndChosenChoicesInterleaveAcrossExtensions() throws Exception {
        try (OtSession tiny = new OtSession(c -> FerretOtExtension.sender(c, IknpOtExtension.setup(), TINY),
                c -> FerretOtExtension.receiver(c, IknpOtExtension.setup(), TINY))) {
            for (int n : new int[] {1, 239, 240, 241, 5000}) {
                var free = tiny.run(s -> s.sendRandomChoices(n, 8), rc -> rc.receiveRandomChoices(n, 8));
                boolean[] c = choices(n);
                var chosen = tiny.run(s -> s.sendRandom(n, 8), rc -> rc.receiveRandom(c, 8));
                for (int i = 0; i < n; i++) {
                    boolean mine = free.received().choices()[i];
                    assertEquals(free.sent()[mine ? 1 : 0][i], free.received().messages()[i], "n " + n + " OT " + i);
                    assertEquals(chosen.sent()[c[i] ? 1 : 0][i], chosen.received()[i], "n " + n + " OT " + i);
                }
            }
        }
    }

    @Test
    void extensionTrafficIsExactlyTheChunksRunAndUnderHalfABitPerOt() throws Exception {
        long setup = session.meter.bytesSentBy(Party.SERVER, FerretOtExtension.LABEL_EXTENSION);
        try (OtSession fresh = connect()) {
            long bootstrap = fresh.meter.bytesSentBy(Party.SERVER, FerretOtExtension.LABEL_EXTENSION);
            assertEquals(LpnParameters.PRE_1.extensionBytes() + LpnParameters.PRE_2.extensionBytes(), bootstrap);
            assertEquals(16L * LpnParameters.PRE_1.baseCots(), fresh.meter.bytesSentBy(Party.CLIENT, IknpOtExtension.LABEL_MATRIX));
            int n = 3_000_000;
            fresh.run(s -> s.correlated(n), rc -> rc.correlated(choices(n)));
            LpnParameters main = LpnParameters.MAIN;
            int blocksPerChunk = FerretChunks.blocks(main, 0);
            long chunks = (n + ((long) blocksPerChunk << main.depth()) - 1) / ((long) blocksPerChunk << main.depth());
            long extension = fresh.meter.bytesSentBy(Party.SERVER, FerretOtExtension.LABEL_EXTENSION) - bootstrap;
            assertEquals(chunks * FerretChunks.messageBytes(main, blocksPerChunk), extension);
            assertTrue(8.0 * extension / n < 0.5, 8.0 * extension / n + " bits per OT");
        }
        assertTrue(setup > 0);
    }

    @Test
    void aTruncatedExtensionMessageIsRefusedByName() {
        LpnParameters p = new LpnParameters("test", 100, 4, 4);
        Base base = Base.random(p.baseCots(), random);
        InMemoryChannel[] ends = InMemoryChannel.pair(new TrafficMeter(), Duration.ofSeconds(5));
        ends[1].send(FerretOtExtension.LABEL_EXTENSION, new byte[17]);
        var receiver = new FerretExtensionReceiver(p, 0, base.bits(), base.macs(), new LpnSecret());
        ChannelException e = assertThrows(ChannelException.class, () -> receiver.next(ends[0], 0));
        assertTrue(e.getMessage().contains("Ferret"), e.getMessage());
    }
}
