package org.hequant.protocols.ot;

/**
 * The receiver's side of random OTs with random choices: choice bit i and the message r_{choice[i]}[i] the
 * sender's pair (r0[i], r1[i]) gives for it.
 */
public record RandomChoiceOts(boolean[] choices, long[] messages) {
}
