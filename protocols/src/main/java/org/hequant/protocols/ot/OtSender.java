package org.hequant.protocols.ot;

/**
 * The sender of batched oblivious transfers of short messages (1 to 64 bits), over a channel it owns.
 * Every call is matched by the receiver's call of the same name with the same count, in the same
 * order. Implementations: the {@link CorrelatedOtSender}s of {@code ot.iknp} and {@code ot.ferret}; protocols
 * depend only on this interface.
 */
public interface OtSender {
    /** 1-out-of-2 OT: the receiver learns m0[i] or m1[i] by its choice bit; messages have {@code bits} bits. */
    void send(long[] m0, long[] m1, int bits);

    /**
     * Additively correlated OT mod 2^bits: returns uniform x[i]; the receiver with choice b[i] learns
     * x[i] + b[i] * delta[i] mod 2^bits.
     */
    long[] sendCorrelated(long[] delta, int bits);

    /** Random OT: returns {r0, r1}, uniform {@code bits}-bit messages; the receiver learns r_{b[i]}. */
    long[][] sendRandom(int count, int bits);

    /** The sender of {@link OtReceiver#receiveRandomChoices}: returns {r0, r1}, uniform {@code bits}-bit messages. */
    long[][] sendRandomChoices(int count, int bits);

    /**
     * 1-out-of-2^k OT (k = 1..8): messages[i * 2^k + x] for x &lt; 2^k; the receiver with choice c[i]
     * learns messages[i * 2^k + c[i]] and nothing about the others.
     */
    void sendOneOfN(long[] messages, int k, int bits);
}
