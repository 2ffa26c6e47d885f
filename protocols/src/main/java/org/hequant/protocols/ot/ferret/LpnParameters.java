package org.hequant.protocols.ot.ferret;

/**
 * One parameter set of Ferret's primal LPN with regular noise (Yang, Weng, Lan, Zhang and Wang, CCS 2020):
 * an extension turns k + t * depth base COTs into n = t * 2^depth COTs, the LPN secret taking k of them and
 * each of the t noise blocks (2^depth positions, one noisy) a GGM tree of depth single-point COTs. Each row
 * of the public matrix has {@link #ROW_WEIGHT} random ones.
 *
 * <p>The sets of emp-ot's Ferret (the parameters only; no code is taken), the first with a longer secret:
 * attacked as regular LPN, emp-ot's k = 8,911 gives about 126 bits against SD-ISD, k = 9,500 about 133
 * (tools/lpn/estimate.py, docs/SECURITY.md). Two small extensions grow 13,630 IKNP COTs into the 606,659
 * base COTs of the main one, which then yields 10,001,981 usable COTs per extension at
 * 1295 x (13 x 256 + 128) bits of traffic, 0.44 bits each.
 */
record LpnParameters(String name, int k, int t, int depth) {
    static final int ROW_WEIGHT = 10;
    static final LpnParameters PRE_1 = new LpnParameters("ferret-rd1", 9_500, 590, 7);
    static final LpnParameters PRE_2 = new LpnParameters("ferret-rd2", 69_454, 593, 10);
    static final LpnParameters MAIN = new LpnParameters("ferret-b13", 589_824, 1295, 13);

    LpnParameters {
        if (k < ROW_WEIGHT || t < 1 || depth < 1 || depth > 20 || (long) t << depth > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("unusable LPN parameters " + name + ": k " + k + ", t " + t
                    + ", depth " + depth);
        }
    }

    /** COTs one extension outputs. */
    int n() {
        return t << depth;
    }

    /** COTs one extension consumes: the LPN secret, then depth per noise block. */
    int baseCots() {
        return k + t * depth;
    }

    /** Traffic of one extension, sender to receiver: per block depth pairs of masked 128-bit sums and one sum. */
    long extensionBytes() {
        return (long) t * (32L * depth + 16);
    }
}
