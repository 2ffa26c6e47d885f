package org.hequant.protocols.ot;

/** The receiver side of {@link OtSender}; each method matches the sender method of the same name. */
public interface OtReceiver {
    /** Returns m_{choice[i]}[i]. */
    long[] receive(boolean[] choices, int bits);

    /** Returns x[i] + choice[i] * delta[i] mod 2^bits. */
    long[] receiveCorrelated(boolean[] choices, int bits);

    /** Returns r_{choice[i]}[i]. */
    long[] receiveRandom(boolean[] choices, int bits);

    /** Returns messages[i * 2^k + choices[i]]; choices in [0, 2^k). */
    long[] receiveOneOfN(int[] choices, int k, int bits);
}
