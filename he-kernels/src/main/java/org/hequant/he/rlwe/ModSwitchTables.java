package org.hequant.he.rlwe;

import org.hequant.he.math.Modulus;
import org.hequant.he.rns.RnsBasis;

/** Constants for dropping the last prime of a level with rounding: x -> round(x / q_last). */
final class ModSwitchTables {
    final RnsBasis from;
    final RnsBasis to;
    final long[] lastInverse;
    final long[] lastInverseShoup;
    final long[] halfLast;

    ModSwitchTables(RnsBasis from) {
        this.from = from;
        int k = from.size();
        this.to = from.prefix(k - 1);
        long last = from.modulus(k - 1).value();
        lastInverse = new long[k - 1];
        lastInverseShoup = new long[k - 1];
        halfLast = new long[k - 1];
        for (int i = 0; i < k - 1; i++) {
            Modulus m = from.modulus(i);
            lastInverse[i] = m.inverse(m.reduce(last));
            lastInverseShoup[i] = m.shoupQuotient(lastInverse[i]);
            halfLast[i] = m.reduce(last >>> 1);
        }
    }
}
