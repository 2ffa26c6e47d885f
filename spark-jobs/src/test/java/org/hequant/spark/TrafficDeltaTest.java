package org.hequant.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.hequant.protocols.channel.InMemoryChannel;
import org.hequant.protocols.channel.TrafficMeter;
import org.junit.jupiter.api.Test;

class TrafficDeltaTest {
    @Test
    void aDeltaHoldsOnlyWhatWasSentSinceTheEarlierState() {
        TrafficMeter meter = new TrafficMeter();
        InMemoryChannel[] ends = InMemoryChannel.pair(meter, Duration.ofSeconds(5));
        ends[0].send("setup|key", new byte[100]);
        TrafficDelta before = TrafficDelta.of(meter);
        // One image: the client sends 7 + 3 bytes, the server answers 5: two flights.
        ends[0].send("conv|upload", new byte[7]);
        ends[0].send("conv|ot", new byte[3]);
        ends[1].receive();
        ends[1].receive();
        ends[1].receive();
        ends[1].send("conv|upload", new byte[5]);
        TrafficDelta d = TrafficDelta.of(meter).since(before);
        assertEquals(Set.of("conv|upload", "conv|ot"), d.bytesByLabel().keySet());
        assertArrayEquals(new long[] {7, 5}, d.bytesByLabel().get("conv|upload"));
        assertArrayEquals(new long[] {3, 0}, d.bytesByLabel().get("conv|ot"));
        assertEquals(10, d.bytes(0));
        assertEquals(5, d.bytes(1));
        // The client's first message continues the set-up's flight; the server's reply opens a new one.
        assertEquals(1, d.flights());
        assertArrayEquals(new long[] {1}, d.flightsByLabel().get("conv|upload"));
    }

    @Test
    void theAccumulatorSumsVectorsElementWiseAndRefusesMismatchedLengths() {
        VectorSumAccumulator a = new VectorSumAccumulator();
        a.add(Map.of("x", new long[] {1, 2}));
        VectorSumAccumulator b = a.copy();
        b.add(Map.of("x", new long[] {10, 20}, "y", new long[] {5}));
        a.merge(b);
        assertArrayEquals(new long[] {12, 24}, a.value().get("x"));
        assertArrayEquals(new long[] {5}, a.value().get("y"));
        assertThrows(IllegalArgumentException.class, () -> a.add(Map.of("x", new long[] {1})));
    }
}
