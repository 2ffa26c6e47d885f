package org.hequant.protocols.nonlinear;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ScratchFlightsTest {
    @Test
    void flights() {
        int bits = 20;
        Random r = new Random(1);
        long[] acc = TwoParty.interestingValues(bits, 2000, r);
        long[][] shares = TwoParty.share(acc, bits, r);
        TwoParty p = new TwoParty();
        long f0 = p.meter.flights();
        p.runShared(shares, (s, v) -> Requantization.requantize(s, "rq", v, bits, 5, bits, 5, Truncation.Mode.EXACT), bits);
        System.out.println("FLIGHTS " + (p.meter.flights() - f0) + " " + p.meter.flightsByLabel());
        System.out.println("WIDTHS A " + java.util.Arrays.toString(ClampComparison.leafWidths(5, 2, true))
            + " B " + java.util.Arrays.toString(ClampComparison.leafWidths(5, 2, false))
            + " T " + java.util.Arrays.toString(ClampComparison.leafWidths(9, 3, false)));
    }
}
