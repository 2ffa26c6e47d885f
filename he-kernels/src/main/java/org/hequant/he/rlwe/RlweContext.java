package org.hequant.he.rlwe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hequant.he.math.Modulus;
import org.hequant.he.math.Primes;
import org.hequant.he.rns.RnsBasis;

/**
 * Public RLWE parameters: degree N and a chain of primes q_0..q_{k-1}, checked against the 128-bit
 * security table at construction. A ciphertext's level is the number of primes it still carries;
 * level 1 holds only q_0 (responses are mod-switched down to it). The plaintext modulus t is not part
 * of the context: one key pair serves every t, so scaling tables are built per (t, level) on demand.
 */
public final class RlweContext {
    private final RnsBasis basis;
    private final RnsBasis[] levels;
    private final int fingerprint;
    private final Map<Long, PlaintextScaling[]> scalings = new ConcurrentHashMap<>();
    private final ModSwitchTables[] modSwitch;

    private RlweContext(RnsBasis basis) {
        SecurityStandard.require128Bit(basis.degree(), basis.totalBits());
        this.basis = basis;
        this.levels = new RnsBasis[basis.size()];
        this.modSwitch = new ModSwitchTables[basis.size()];
        for (int i = 0; i < levels.length; i++) {
            levels[i] = basis.prefix(i + 1);
            if (i > 0) {
                modSwitch[i] = new ModSwitchTables(levels[i]);
            }
        }
        this.fingerprint = computeFingerprint(basis);
    }

    /** A context over explicitly given primes (each = 1 mod 2N, distinct). */
    public static RlweContext withPrimes(int degree, List<Long> primes) {
        SecurityStandard.maxModulusBits(degree);
        for (long p : primes) {
            if (!Primes.isPrime(p) || (p - 1) % (2L * degree) != 0) {
                throw new IllegalArgumentException(p + " is not a prime = 1 mod 2N (N = " + degree + ")");
            }
        }
        int bits = 0;
        for (long p : primes) {
            bits += 64 - Long.numberOfLeadingZeros(p);
        }
        SecurityStandard.require128Bit(degree, bits);
        return new RlweContext(new RnsBasis(degree, primes));
    }

    /** A context whose primes are the largest NTT-friendly primes of the given sizes (as SEAL picks them). */
    public static RlweContext withPrimeBits(int degree, int... bitSizes) {
        SecurityStandard.require128Bit(degree, Arrays.stream(bitSizes).sum());
        List<Long> chosen = new ArrayList<>();
        for (int bits : bitSizes) {
            chosen.add(Primes.nttPrimes(bits, degree, 1, chosen).get(0));
        }
        return withPrimes(degree, chosen);
    }

    /** Cheetah's parameters: N = 4096, q = 60 + 49 bits. */
    public static RlweContext cheetah4096() {
        return withPrimeBits(4096, 60, 49);
    }

    /** N = 8192 with three 60-bit primes (180 bits). */
    public static RlweContext n8192() {
        return withPrimeBits(8192, 60, 60, 60);
    }

    private static int computeFingerprint(RnsBasis basis) {
        long h = 0xcbf29ce484222325L;
        h = (h ^ basis.degree()) * 0x100000001b3L;
        for (long p : basis.primes()) {
            h = (h ^ p) * 0x100000001b3L;
        }
        return (int) (h ^ (h >>> 32));
    }

    public int degree() {
        return basis.degree();
    }

    public RnsBasis basis() {
        return basis;
    }

    /** Number of primes in the full chain. */
    public int maxLevel() {
        return levels.length;
    }

    /** The basis of the first {@code level} primes. */
    public RnsBasis basisAtLevel(int level) {
        if (level < 1 || level > levels.length) {
            throw new IllegalArgumentException("level " + level + " outside [1, " + levels.length + "]");
        }
        return levels[level - 1];
    }

    /** Identifies N and the prime chain on the wire (FNV-1a, folded to 32 bits). */
    public int fingerprint() {
        return fingerprint;
    }

    /** Tables for encoding and decoding with plaintext modulus t at the given level. */
    public PlaintextScaling scaling(Modulus t, int level) {
        PlaintextScaling[] perLevel = scalings.computeIfAbsent(t.value(), k -> new PlaintextScaling[levels.length]);
        synchronized (perLevel) {
            if (perLevel[level - 1] == null) {
                perLevel[level - 1] = new PlaintextScaling(basisAtLevel(level), t);
            }
            return perLevel[level - 1];
        }
    }

    ModSwitchTables modSwitchTables(int level) {
        if (level < 2 || level > levels.length) {
            throw new IllegalArgumentException("cannot mod-switch down from level " + level);
        }
        return modSwitch[level - 1];
    }

    @Override
    public String toString() {
        return "RlweContext{N=" + degree() + ", primes=" + basis.primes() + ", bits=" + basis.totalBits() + "}";
    }
}
