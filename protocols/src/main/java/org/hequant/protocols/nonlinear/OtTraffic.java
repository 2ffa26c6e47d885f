package org.hequant.protocols.nonlinear;

/**
 * The wire cost of one batched call of Ferret OT ({@link Session#open}), outside its extension: per chunk, the
 * receiver sends one flip bit per correlated OT it uses (its choice XOR Ferret's pseudorandom bit) and the sender
 * its masked messages, both packed to whole bytes. Chunk sizes follow the OT package (OtChunks.CHUNK
 * instances for the 1-of-2 calls, OneOfNTree's 2^18 leaves for 1-of-2^k); a change there shows in
 * TrafficPredictionTest.
 */
final class OtTraffic {
    private static final int CHUNK = 1 << 20;
    private static final int LEAVES_PER_CHUNK = 1 << 18;

    private OtTraffic() {
    }

    /** 1-of-2 chosen-message OTs: both messages of {@code bits} bits. */
    static Traffic chosen(boolean serverSends, long count, int bits) {
        return chunked(serverSends, count, CHUNK, 1, 2L * bits);
    }

    /** Additively correlated OTs: one correction of {@code bits} bits. */
    static Traffic correlated(boolean serverSends, long count, int bits) {
        return chunked(serverSends, count, CHUNK, 1, bits);
    }

    /** 1-of-2^k OTs: k correlated OTs (k flips) and 2^k messages of {@code bits} bits per instance. */
    static Traffic oneOfN(boolean serverSends, long count, int k, int bits) {
        return chunked(serverSends, count, Math.max(1, LEAVES_PER_CHUNK >> k), k, (long) bits << k);
    }

    private static Traffic chunked(boolean serverSends, long count, int perChunk, int flipsPer, long messageBits) {
        long sender = 0;
        long receiver = 0;
        for (long off = 0; off < count; off += perChunk) {
            long m = Math.min(perChunk, count - off);
            receiver += bytes(m * flipsPer);
            sender += bytes(m * messageBits);
        }
        return Traffic.of(serverSends, sender, receiver);
    }

    /** Bits packed to whole bytes, as every message of the protocols is. */
    static long bytes(long bits) {
        return (bits + 7) >>> 3;
    }
}
