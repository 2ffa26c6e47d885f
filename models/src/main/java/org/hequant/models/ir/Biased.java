package org.hequant.models.ir;

import java.math.BigInteger;

/** A conv or linear layer's bias at the accumulator scale: 64-bit mantissas times 2^biasShift ({@link Biases}). */
public interface Biased {
    /** The layer's name in messages ("conv", "linear"). */
    String op();

    long[] bias();

    int biasShift();

    /** Output {@code row}'s bias, exactly. */
    default BigInteger biasValue(int row) {
        return Biases.value(bias(), biasShift(), row);
    }

    /** The bias in 64 bits, or an {@link ArithmeticException} where it does not fit. */
    default long[] exactBias() {
        return Biases.exact(op(), bias(), biasShift());
    }

    /** Each output's bias mod {@code modulus}, in [0, modulus). */
    default long[] biasResidues(long modulus) {
        return Biases.residues(bias(), biasShift(), modulus);
    }
}
