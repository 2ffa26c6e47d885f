package org.hequant.he.bfv;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.hequant.he.math.Modulus;
import org.hequant.he.math.Primes;
import org.hequant.he.ntt.NttTables;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rlwe.SecurityStandard;
import org.hequant.he.rns.RnsBasis;

/**
 * BFV parameters: degree N, the ciphertext modulus Q = q_0 ... q_{k-1}, a special prime P (the last prime of
 * the {@link RlweContext}, used only inside key switching), and a prime plaintext modulus t = 1 mod 2N so that
 * plaintexts batch into N slots. Q and P together must fit the 128-bit HomomorphicEncryption.org bound (as in
 * SEAL, the special prime counts), and the predicted invariant noise budget after the designed multiplicative
 * depth must keep {@link #NOISE_MARGIN_BITS}; anything else is refused at construction.
 *
 * <p>The noise model is {@link BfvNoiseModel}'s high-probability bound (variance tracking of the fresh noise, the
 * HPS product's terms and relinearisation, failure probability below 2^-40), with the scalar products (sum |w| per
 * layer) adding the {@code linearBits} the caller declares. Measured budgets sit above it (BfvNoiseBudgetTest).
 *
 * <p>The RLWE context does not depend on t, so {@link #withPlainModulus} gives the parameters of another CRT
 * channel over the same context: one secret key, one set of relinearisation and Galois keys serve them all.
 */
public final class BfvParameters {
    /** Invariant noise budget that must remain after the designed depth. */
    public static final int NOISE_MARGIN_BITS = 10;
    private static final int[] DEGREES = {2048, 4096, 8192, 16384, 32768};

    private final RlweContext context;
    private final RnsBasis dataBasis;
    private final Modulus plainModulus;
    private final int depth;
    private final int linearBits;

    private BfvParameters(RlweContext context, long plainModulus, int depth, int linearBits) {
        int degree = context.degree();
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be >= 0, got " + depth);
        }
        if (linearBits < 0) {
            throw new IllegalArgumentException("linearBits must be >= 0, got " + linearBits);
        }
        if (plainModulus < 2 || plainModulus >= 1L << NttTables.MAX_PRIME_BITS || !Primes.isPrime(plainModulus)) {
            throw new IllegalArgumentException("plainModulus t = " + plainModulus + " must be a prime below 2^"
                    + NttTables.MAX_PRIME_BITS);
        }
        if ((plainModulus - 1) % (2L * degree) != 0) {
            throw new IllegalArgumentException("plainModulus t = " + plainModulus + " must be 1 mod 2N = " + 2 * degree
                    + " for batching");
        }
        this.context = context;
        this.dataBasis = context.basisAtLevel(context.maxLevel() - 1);
        this.plainModulus = new Modulus(plainModulus);
        for (int i = 0; i < dataBasis.size(); i++) {
            if (dataBasis.modulus(i).bitLength() <= this.plainModulus.bitLength()) {
                throw new IllegalArgumentException("ciphertext prime q_" + i + " = " + dataBasis.modulus(i)
                        + " must have more bits than plainModulus t = " + plainModulus);
            }
        }
        this.depth = depth;
        this.linearBits = linearBits;
        int budget = predictedBudget(depth);
        if (budget < NOISE_MARGIN_BITS) {
            throw new IllegalArgumentException("noise budget: log2 Q = " + log2Q() + " leaves a predicted " + budget
                    + " bits after depth " + depth + " with t of " + this.plainModulus.bitLength() + " bits and "
                    + linearBits + " linear bits at N = " + degree + "; at least " + NOISE_MARGIN_BITS
                    + " are required (a larger N or Q, a smaller t or depth)");
        }
    }

    /**
     * Explicit parameters: data primes of the given sizes (the largest NTT-friendly primes, as SEAL picks them)
     * and a special prime of {@code specialPrimeBits}, which must be at least the largest data prime's size.
     */
    public static BfvParameters create(int degree, long plainModulus, int[] dataPrimeBits, int specialPrimeBits,
            int depth, int linearBits) {
        if (dataPrimeBits.length == 0) {
            throw new IllegalArgumentException("dataPrimeBits must name at least one prime");
        }
        int total = specialPrimeBits;
        for (int bits : dataPrimeBits) {
            if (bits > specialPrimeBits) {
                throw new IllegalArgumentException("specialPrimeBits = " + specialPrimeBits
                        + " must be at least every data prime's size, got one of " + bits);
            }
            total += bits;
        }
        SecurityStandard.require128Bit(degree, total);
        return new BfvParameters(context(degree, dataPrimeBits, specialPrimeBits), plainModulus, depth, linearBits);
    }

    /**
     * The fastest parameters for plaintexts of {@code plainBits} bits (t is the smallest prime = 1 mod 2N with
     * at least that many bits) and {@code depth} ct x ct products: the smallest N, then the fewest primes, whose
     * modulus fits the 128-bit bound and the noise model. Every prime of Q and P gets the same size, the largest
     * the security bound allows for that count.
     */
    public static BfvParameters select(int plainBits, int depth, int linearBits) {
        if (plainBits < 2 || plainBits > NttTables.MAX_PRIME_BITS - 2) {
            throw new IllegalArgumentException("plainBits must be in [2, " + (NttTables.MAX_PRIME_BITS - 2) + "], got "
                    + plainBits);
        }
        for (int degree : DEGREES) {
            long t = smallestBatchingPrime(degree, plainBits);
            int tBits = 64 - Long.numberOfLeadingZeros(t);
            int maxBits = SecurityStandard.maxModulusBits(degree);
            for (int count = 1; count <= maxBits / (tBits + 1); count++) {
                int bits = Math.min(NttTables.MAX_PRIME_BITS, maxBits / (count + 1));
                // Each prime loses under one bit of its size in log2 Q; one spare bit per prime covers it.
                if (bits > tBits && fits(degree, t, count, bits, depth, linearBits)) {
                    int[] data = new int[count];
                    java.util.Arrays.fill(data, bits);
                    return new BfvParameters(context(degree, data, bits), t, depth, linearBits);
                }
            }
        }
        throw new IllegalArgumentException("no N up to 32768 holds plainBits = " + plainBits + " at depth " + depth
                + " with " + linearBits + " linear bits under the 128-bit security bound; split t over CRT primes");
    }

    /** The same N, Q and P (and hence the same keys) with another plaintext prime, e.g. a second CRT channel. */
    public BfvParameters withPlainModulus(long t) {
        return new BfvParameters(context, t, depth, linearBits);
    }

    /** The smallest prime t = 1 mod 2N of at least {@code bits} bits. */
    public static long smallestBatchingPrime(int degree, int bits) {
        long step = 2L * degree;
        long candidate = Math.max(step + 1, ((1L << (bits - 1)) + step - 2) / step * step + 1);
        while (!Primes.isPrime(candidate)) {
            candidate += step;
        }
        return candidate;
    }

    /**
     * Whether {@code count} data primes of {@code bits} bits each (so log2 Q &gt;= count (bits - 1)) leave the noise
     * margin after {@code depth} products with plaintext modulus t: the screen the planners apply before building.
     */
    public static boolean fits(int degree, long t, int count, int bits, int depth, int linearBits) {
        return BfvNoiseModel.predictedBudget(degree, t, (double) count * (bits - 1), count, depth, linearBits)
                >= NOISE_MARGIN_BITS;
    }

    private static RlweContext context(int degree, int[] dataPrimeBits, int specialPrimeBits) {
        SecurityStandard.maxModulusBits(degree);
        List<Long> taken = new ArrayList<>();
        // The special prime is drawn first so that it is the largest prime of its size.
        long special = Primes.nttPrimes(specialPrimeBits, degree, 1, taken).get(0);
        taken.add(special);
        List<Long> chain = new ArrayList<>();
        for (int bits : dataPrimeBits) {
            long p = Primes.nttPrimes(bits, degree, 1, taken).get(0);
            taken.add(p);
            chain.add(p);
        }
        chain.add(special);
        return RlweContext.withPrimes(degree, chain);
    }

    /** The invariant noise budget the model predicts after {@code products} ct x ct products. */
    public int predictedBudget(int products) {
        return BfvNoiseModel.predictedBudget(degree(), plainModulus.value(), exactLog2Q(), dataLevel(), products,
                linearBits);
    }

    /** The predicted budget with {@code linearBits} of scalar products instead of the declared ones. */
    public int predictedBudget(int products, int linearBits) {
        return BfvNoiseModel.predictedBudget(degree(), plainModulus.value(), exactLog2Q(), dataLevel(), products,
                linearBits);
    }

    private double exactLog2Q() {
        BigInteger q = q();
        int shift = Math.max(0, q.bitLength() - 60);
        return shift + Math.log(q.shiftRight(shift).doubleValue()) / Math.log(2);
    }

    /** floor(log2 Q). */
    public int log2Q() {
        return dataBasis.product().bitLength() - 1;
    }

    public int degree() {
        return context.degree();
    }

    public Modulus plainModulus() {
        return plainModulus;
    }

    /** The RLWE context over q_0 .. q_{k-1}, P: keys live over all of it, ciphertexts over Q. */
    public RlweContext context() {
        return context;
    }

    /** Q = q_0 ... q_{k-1}, the basis every ciphertext lives over. */
    public RnsBasis dataBasis() {
        return dataBasis;
    }

    /** The number of primes in Q (the level of every ciphertext). */
    public int dataLevel() {
        return dataBasis.size();
    }

    public int depth() {
        return depth;
    }

    public int linearBits() {
        return linearBits;
    }

    /** Q as an integer. */
    public BigInteger q() {
        return dataBasis.product();
    }

    @Override
    public String toString() {
        return "BfvParameters{N=" + degree() + ", t=" + plainModulus + ", Q primes=" + dataBasis.primes() + " (log2 Q = "
                + log2Q() + "), P=" + context.basis().modulus(context.maxLevel() - 1) + ", total bits="
                + context.basis().totalBits() + ", depth=" + depth + ", predicted budget="
                + predictedBudget(depth) + "}";
    }
}
