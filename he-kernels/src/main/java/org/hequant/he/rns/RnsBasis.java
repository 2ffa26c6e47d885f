package org.hequant.he.rns;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hequant.he.math.Modulus;
import org.hequant.he.ntt.NttTables;

/**
 * A chain of distinct NTT-friendly primes q_0..q_{k-1} for one degree N, with their NTT tables.
 * Levels are prefixes of the chain: dropping the last prime (mod-switch) yields {@link #prefix(int)},
 * which shares the tables. Bases for BFV's auxiliary moduli are built the same way.
 */
public final class RnsBasis {
    private final int degree;
    private final Modulus[] moduli;
    private final NttTables[] tables;
    private final BigInteger product;

    public RnsBasis(int degree, List<Long> primes) {
        this(degree, primes.stream().map(Modulus::new).toArray(Modulus[]::new), null);
    }

    private RnsBasis(int degree, Modulus[] moduli, NttTables[] sharedTables) {
        if (moduli.length == 0) {
            throw new IllegalArgumentException("an RNS basis needs at least one prime");
        }
        this.degree = degree;
        this.moduli = moduli.clone();
        this.tables = new NttTables[moduli.length];
        BigInteger p = BigInteger.ONE;
        for (int i = 0; i < moduli.length; i++) {
            for (int j = 0; j < i; j++) {
                if (moduli[i].equals(moduli[j])) {
                    throw new IllegalArgumentException("duplicate prime " + moduli[i] + " in RNS basis");
                }
            }
            tables[i] = sharedTables != null ? sharedTables[i] : new NttTables(degree, moduli[i]);
            p = p.multiply(BigInteger.valueOf(moduli[i].value()));
        }
        this.product = p;
    }

    public int degree() {
        return degree;
    }

    public int size() {
        return moduli.length;
    }

    public Modulus modulus(int i) {
        return moduli[i];
    }

    public NttTables ntt(int i) {
        return tables[i];
    }

    /** q = product of the primes. */
    public BigInteger product() {
        return product;
    }

    /** Sum of the primes' bit lengths, the quantity bounded by the HomomorphicEncryption.org table. */
    public int totalBits() {
        int bits = 0;
        for (Modulus m : moduli) {
            bits += m.bitLength();
        }
        return bits;
    }

    public List<Long> primes() {
        List<Long> list = new ArrayList<>();
        for (Modulus m : moduli) {
            list.add(m.value());
        }
        return Collections.unmodifiableList(list);
    }

    /** The basis of the first {@code count} primes, sharing NTT tables. */
    public RnsBasis prefix(int count) {
        if (count < 1 || count > moduli.length) {
            throw new IllegalArgumentException("prefix length " + count + " outside [1, " + moduli.length + "]");
        }
        if (count == moduli.length) {
            return this;
        }
        Modulus[] m = new Modulus[count];
        NttTables[] t = new NttTables[count];
        System.arraycopy(moduli, 0, m, 0, count);
        System.arraycopy(tables, 0, t, 0, count);
        return new RnsBasis(degree, m, t);
    }

    /** True when {@code other} is a prefix of this basis (same degree, same leading primes). */
    public boolean startsWith(RnsBasis other) {
        if (other.degree != degree || other.moduli.length > moduli.length) {
            return false;
        }
        for (int i = 0; i < other.moduli.length; i++) {
            if (!other.moduli[i].equals(moduli[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RnsBasis other && other.degree == degree && other.moduli.length == moduli.length
                && startsWith(other);
    }

    @Override
    public int hashCode() {
        return 31 * degree + product.hashCode();
    }

    @Override
    public String toString() {
        return "RnsBasis{N=" + degree + ", primes=" + primes() + "}";
    }
}
