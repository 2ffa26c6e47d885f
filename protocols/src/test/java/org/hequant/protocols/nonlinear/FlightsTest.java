package org.hequant.protocols.nonlinear;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;

/**
 * A layer's flights depend on its protocol, not on its size: a requantization of 150,000 elements (its 1-of-16
 * OTs in dozens of chunks, its triples' random OTs in two) runs in the same flights as one of 1,000. Counted
 * by the metered channel; the values are checked against the plaintext formula too.
 */
class FlightsTest {
    @Test
    void aRequantizationCostsTheSameFlightsForAThousandElementsAsForManyChunks() {
        int bits = 20;
        int shift = 5;
        int width = 5;
        long[] flights = new long[2];
        int[] sizes = {1000, 150_000};
        for (int k = 0; k < 2; k++) {
            Random r = new Random(17 + k);
            long[] acc = TwoParty.interestingValues(bits, sizes[k], r);
            long[][] shares = TwoParty.share(acc, bits, r);
            TwoParty parties = new TwoParty();
            long before = parties.meter.flights();
            long[] y = parties.runShared(shares, (s, v) -> SecureRequantization.requantize(s, "rq", v, bits, shift, bits,
                    width, Truncation.Mode.EXACT), bits);
            flights[k] = parties.meter.flights() - before;
            for (int i = 0; i < acc.length; i++) {
                long rounded = TwoParty.signed((acc[i] + (1L << (shift - 1))) & ShareRing.mask(bits), bits) >> shift;
                assertEquals(Math.max(0, Math.min((1L << width) - 1, rounded)), y[i], "element " + i);
            }
        }
        assertEquals(flights[0], flights[1], "flights of a requantization of " + sizes[0] + " and of " + sizes[1]);
    }

    @Test
    void bothMultiplexersRunTheirTwoDirectionsInTwoFlights() {
        Random r = new Random(5);
        int n = 5000;
        int l = 16;
        long[] x = new long[n];
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextLong() & ShareRing.mask(l);
            b[i] = r.nextBoolean();
        }
        long[][] xs = TwoParty.share(x, l, r);
        boolean[] bServer = new boolean[n];
        boolean[] bClient = new boolean[n];
        for (int i = 0; i < n; i++) {
            bServer[i] = r.nextBoolean();
            bClient[i] = b[i] ^ bServer[i];
        }
        for (boolean correlated : new boolean[] {false, true}) {
            TwoParty parties = new TwoParty();
            long before = parties.meter.flights();
            Object[] out = correlated
                    ? parties.run(s -> CorrelatedMultiplexer.select(s, bServer, xs[0], l),
                            s -> CorrelatedMultiplexer.select(s, bClient, xs[1], l))
                    : parties.run(s -> Conversion.select(s, bServer, xs[0], l), s -> Conversion.select(s, bClient, xs[1], l));
            long flights = parties.meter.flights() - before;
            long[] sum = Ring.add((long[]) out[0], (long[]) out[1], l);
            for (int i = 0; i < n; i++) {
                assertEquals(b[i] ? x[i] : 0, sum[i], "element " + i);
            }
            assertEquals(2, flights, (correlated ? "correlated" : "chosen-message")
                    + " multiplexer: both parties' choices, then both parties' answers");
        }
    }
}
