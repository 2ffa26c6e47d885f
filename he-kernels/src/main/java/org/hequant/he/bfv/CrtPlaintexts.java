package org.hequant.he.bfv;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.hequant.he.math.Primes;

/**
 * Plaintext values wider than one batching prime, split over primes t_1 .. t_r (Badawi's HCNN): every value is
 * reduced mod each t_i, each channel is encrypted and evaluated on its own (same N, Q and keys, see
 * {@link BfvParameters#withPlainModulus}), and the decrypted residues are recombined by the CRT into the centred
 * integer in (-T/2, T/2], T = t_1 ... t_r. Exact while every intermediate value x keeps 2|x| &lt; T.
 */
public final class CrtPlaintexts {
    private final long[] primes;
    private final BigInteger product;
    private final BigInteger half;
    private final BigInteger[] basis;

    public CrtPlaintexts(List<Long> primes) {
        if (primes.isEmpty()) {
            throw new IllegalArgumentException("primes must name at least one plaintext prime");
        }
        this.primes = new long[primes.size()];
        BigInteger p = BigInteger.ONE;
        for (int i = 0; i < this.primes.length; i++) {
            long t = primes.get(i);
            if (t < 2 || !Primes.isPrime(t)) {
                throw new IllegalArgumentException("primes[" + i + "] = " + t + " is not a prime below 2^61");
            }
            for (int j = 0; j < i; j++) {
                if (this.primes[j] == t) {
                    throw new IllegalArgumentException("primes[" + i + "] = " + t + " repeats primes[" + j + "]");
                }
            }
            this.primes[i] = t;
            p = p.multiply(BigInteger.valueOf(t));
        }
        this.product = p;
        this.half = p.shiftRight(1);
        this.basis = new BigInteger[this.primes.length];
        for (int i = 0; i < basis.length; i++) {
            BigInteger ti = BigInteger.valueOf(this.primes[i]);
            BigInteger punctured = p.divide(ti);
            basis[i] = punctured.multiply(punctured.modInverse(ti));
        }
    }

    /**
     * The fewest batching primes (= 1 mod 2N) of {@code primeBits} bits, smallest first, whose product holds
     * signed values of {@code valueBits} bits: T &gt; 2^(valueBits + 1).
     */
    public static CrtPlaintexts forValueBits(int degree, int valueBits, int primeBits) {
        if (valueBits < 1) {
            throw new IllegalArgumentException("valueBits must be >= 1, got " + valueBits);
        }
        BigInteger needed = BigInteger.ONE.shiftLeft(valueBits + 1);
        List<Long> chosen = new ArrayList<>();
        BigInteger p = BigInteger.ONE;
        long candidate = BfvParameters.smallestBatchingPrime(degree, primeBits);
        while (p.compareTo(needed) <= 0) {
            if (64 - Long.numberOfLeadingZeros(candidate) > primeBits) {
                throw new IllegalArgumentException("not enough " + primeBits + "-bit batching primes for N = " + degree
                        + " to hold valueBits = " + valueBits);
            }
            chosen.add(candidate);
            p = p.multiply(BigInteger.valueOf(candidate));
            candidate = nextBatchingPrime(degree, candidate);
        }
        return new CrtPlaintexts(chosen);
    }

    private static long nextBatchingPrime(int degree, long after) {
        long candidate = after + 2L * degree;
        while (!Primes.isPrime(candidate)) {
            candidate += 2L * degree;
        }
        return candidate;
    }

    public List<Long> primes() {
        List<Long> list = new ArrayList<>();
        for (long t : primes) {
            list.add(t);
        }
        return Collections.unmodifiableList(list);
    }

    public int count() {
        return primes.length;
    }

    /** T = t_1 ... t_r. */
    public BigInteger product() {
        return product;
    }

    /** One parameter set per prime, all over {@code base}'s context (so one set of keys serves them all). */
    public List<BfvParameters> channels(BfvParameters base) {
        List<BfvParameters> list = new ArrayList<>();
        for (long t : primes) {
            list.add(base.withPlainModulus(t));
        }
        return list;
    }

    /** The residues of signed values, [channel][index], each in [0, t_i). */
    public long[][] decompose(long[] values) {
        long[][] residues = new long[primes.length][values.length];
        for (int j = 0; j < values.length; j++) {
            if (BigInteger.valueOf(values[j]).abs().compareTo(half) > 0) {
                throw new IllegalArgumentException("values[" + j + "] = " + values[j] + " does not fit the CRT range (-T/2, T/2] of T = "
                        + product);
            }
            for (int i = 0; i < primes.length; i++) {
                residues[i][j] = Math.floorMod(values[j], primes[i]);
            }
        }
        return residues;
    }

    /** The centred integer in (-T/2, T/2] with the given residues, one per prime. */
    public BigInteger compose(long[] residues) {
        if (residues.length != primes.length) {
            throw new IllegalArgumentException("residues has " + residues.length + " entries for " + primes.length
                    + " primes");
        }
        BigInteger x = BigInteger.ZERO;
        for (int i = 0; i < primes.length; i++) {
            if (residues[i] < 0 || residues[i] >= primes[i]) {
                throw new IllegalArgumentException("residues[" + i + "] = " + residues[i] + " is outside [0, t = "
                        + primes[i] + ")");
            }
            x = x.add(basis[i].multiply(BigInteger.valueOf(residues[i])));
        }
        x = x.mod(product);
        return x.compareTo(half) > 0 ? x.subtract(product) : x;
    }

    /** Slot-wise composition of [channel][index] residues into signed longs; refuses values beyond a long. */
    public long[] composeLongs(long[][] residues) {
        if (residues.length != primes.length) {
            throw new IllegalArgumentException("residues has " + residues.length + " channels for " + primes.length
                    + " primes");
        }
        int n = residues[0].length;
        long[] out = new long[n];
        long[] column = new long[primes.length];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < primes.length; i++) {
                column[i] = residues[i][j];
            }
            BigInteger x = compose(column);
            if (x.bitLength() > 63) {
                throw new IllegalArgumentException("value " + j + " = " + x + " does not fit a long");
            }
            out[j] = x.longValue();
        }
        return out;
    }
}
