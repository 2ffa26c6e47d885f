package org.hequant.protocols.ot.ferret;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The LPN code's columns for eight consecutive rows at once on 512-bit vectors: lane i runs row i's SplitMix64
 * sequence, so every column equals {@link LpnCode#row}'s, value for value. Column generation was a third of the
 * encoding's time per read, five dependent multiply chains per row that the vector unit runs eight at a time.
 * {@link LpnCode} loads this class only where the incubator module is resolved.
 */
final class VectorLpnRows {
    static final int LANES = 8;
    private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_512;
    private static final long[] LANE_INDEX = {0, 1, 2, 3, 4, 5, 6, 7};
    private static final long LOW = 0xFFFFFFFFL;

    private VectorLpnRows() {
    }

    /** Below 512 bits the API would emulate the 64-bit lane products slowly. */
    static boolean wideVectors() {
        return LongVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    }

    /**
     * Columns j of rows {@code row .. row + 7} of extension e to {@code columns[at + j * stride + i]}, i the
     * row's lane.
     */
    static void rows(long extension, long row, long k, long[] columns, int at, int stride) {
        LongVector rows = LongVector.fromArray(SPECIES, LANE_INDEX, 0).add(row);
        LongVector state = mix(rows.lanewise(VectorOperators.XOR, extension << 40));
        for (int j = 0; j < LpnParameters.ROW_WEIGHT; j += 2) {
            state = state.add(LpnCode.GOLDEN);
            LongVector u = mix(state);
            u.lanewise(VectorOperators.LSHR, 32).mul(k).lanewise(VectorOperators.LSHR, 32)
                    .intoArray(columns, at + j * stride);
            u.and(LOW).mul(k).lanewise(VectorOperators.LSHR, 32).intoArray(columns, at + (j + 1) * stride);
        }
    }

    /** SplitMix64's output function, lane by lane. */
    private static LongVector mix(LongVector z) {
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(0xBF58476D1CE4E5B9L);
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(0x94D049BB133111EBL);
        return z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
    }
}
