package org.hequant.protocols.ot;

/** The receiver side of {@link OtSender}; each method matches the sender method of the same name. */
public interface OtReceiver {
    /**
     * A batched receive whose choices are already on their way: the sender may be answered by other messages
     * in between (an OT call the other way, say), so both parties send before either waits. Receives finish
     * in the order they began.
     */
    interface Pending {
        /** Reads the sender's answers and returns the outputs of the receive. */
        long[] finish();
    }

    /** Returns m_{choice[i]}[i]. */
    long[] receive(boolean[] choices, int bits);

    /** {@link #receive}, sending the choices now and reading the answers in {@link Pending#finish()}. */
    Pending beginReceive(boolean[] choices, int bits);

    /** Returns x[i] + choice[i] * delta[i] mod 2^bits. */
    long[] receiveCorrelated(boolean[] choices, int bits);

    /** {@link #receiveCorrelated}, sending the choices now and reading the corrections in {@link Pending#finish()}. */
    Pending beginReceiveCorrelated(boolean[] choices, int bits);

    /** Returns r_{choice[i]}[i]. */
    long[] receiveRandom(boolean[] choices, int bits);

    /** {@link #receiveRandom}, sending the choices now and completing in {@link Pending#finish()}. */
    Pending beginReceiveRandom(boolean[] choices, int bits);

    /**
     * Random OTs whose choices are random too, picked by the engine: the receiver learns its choice bits and
     * r_{choice[i]}[i]. A silent engine sends nothing for them (its correlations come with random choice bits),
     * so where a protocol only needs random choices (Beaver triples) this saves the bit per OT that a chosen
     * choice costs, and the flight that carries it.
     */
    RandomChoiceOts receiveRandomChoices(int count, int bits);

    /** Returns messages[i * 2^k + choices[i]]; choices in [0, 2^k). */
    long[] receiveOneOfN(int[] choices, int k, int bits);
}
