package org.hequant.protocols.channel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemoryChannelTest {
    @Test
    void metersBytesByDirectionAndLabelAndCountsFlights() {
        TrafficMeter meter = new TrafficMeter();
        InMemoryChannel[] ends = InMemoryChannel.pair(meter, Duration.ofSeconds(5));
        ends[0].send("conv1/upload", new byte[100]);
        ends[0].send("conv1/upload", new byte[20]);
        assertEquals(100, ends[1].receive().length);
        assertEquals(20, ends[1].receive().length);
        ends[1].send("conv1/response", new byte[7]);
        assertEquals(7, ends[0].receive().length);
        ends[0].send("relu1", new byte[1]);
        assertEquals(121, meter.bytesSentBy(Party.CLIENT));
        assertEquals(7, meter.bytesSentBy(Party.SERVER));
        assertEquals(120, meter.bytesSentBy(Party.CLIENT, "conv1/upload"));
        assertEquals(7, meter.bytesSentBy(Party.SERVER, "conv1/response"));
        assertEquals(3, meter.flights());
        assertEquals(2, meter.roundTrips());
        assertEquals(3, meter.messagesSentBy(Party.CLIENT));
        assertArrayEquals(new long[] {1, 0}, meter.byLabel().get("relu1"));
    }

    @Test
    void preprocessingIsMeteredApartAndOpensNoFlight() {
        TrafficMeter meter = new TrafficMeter();
        InMemoryChannel[] ends = InMemoryChannel.pair(meter, Duration.ofSeconds(5));
        ScopedChannel server = new ScopedChannel(ends[1]);
        server.scope("relu1");
        ends[0].send("relu1|ot/choice", new byte[3]);
        server.send(TrafficMeter.PREPROCESSING_PREFIX + "ot/ferret", new byte[50]);
        ends[0].receive();
        ends[0].send("relu1|ot/choice", new byte[4]);
        server.receive();
        server.receive();
        server.send("ot/chosen", new byte[9]);
        assertEquals(7, meter.bytesSentBy(Party.CLIENT));
        assertEquals(9, meter.bytesSentBy(Party.SERVER));
        assertEquals(50, meter.preprocessingBytes(Party.SERVER));
        assertEquals(66, meter.allBytes());
        assertArrayEquals(new long[] {0, 50}, meter.byLabel().get("preprocessing|pre/ot/ferret"));
        assertArrayEquals(new long[] {0, 9}, meter.byLabel().get("relu1|ot/chosen"));
        assertEquals(2, meter.flights());
    }

    @Test
    void messagesThePartiesSendAtOnceShareAFlightHoweverTheThreadsInterleave() {
        TrafficMeter meter = new TrafficMeter();
        InMemoryChannel[] ends = InMemoryChannel.pair(meter, Duration.ofSeconds(5));
        // Two exchanges in which both parties send before they receive (as in a Beaver multiplication): the
        // second party's send is recorded after the first's, yet the two do not wait for each other.
        for (int exchange = 0; exchange < 2; exchange++) {
            ends[1].send("and", new byte[2]);
            ends[0].send("and", new byte[2]);
            ends[0].receive();
            ends[1].receive();
        }
        assertEquals(2, meter.flights());
        ends[0].send("reply", new byte[1]);
        ends[1].receive();
        ends[1].send("reply", new byte[1]);
        assertEquals(4, meter.flights());
    }

    @Test
    void messagesAreCopiedAndCloseIsSeen() {
        InMemoryChannel[] ends = InMemoryChannel.pair(new TrafficMeter(), Duration.ofSeconds(5));
        byte[] m = {1, 2, 3};
        ends[1].send("x", m);
        m[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, ends[0].receive());
        ends[1].close();
        assertThrows(ChannelException.class, ends[0]::receive);
    }
}
