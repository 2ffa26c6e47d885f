package org.hequant.protocols.linear;

import org.hequant.he.math.Modulus;
import org.hequant.he.rlwe.Ciphertext;
import org.hequant.he.rlwe.Evaluator;
import org.hequant.he.rlwe.Plaintext;
import org.hequant.he.rlwe.PublicKey;
import org.hequant.he.rlwe.PublicKeyEncryptor;
import org.hequant.he.rlwe.ResponseCiphertext;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;
import org.hequant.he.sampling.Prg;
import org.hequant.he.sampling.Samplers;
import org.hequant.protocols.sharing.ShareRing;

/**
 * The server's H2A step (protocols.md sections 8 and 9): turns an encrypted layer result into a shrunk
 * response the client can decrypt to its share, and the server's own share. See {@link ResharingMode}
 * for the two variants. Every response is re-randomised with a fresh public-key encryption of zero, so
 * c1 carries nothing of the weights (circuit privacy).
 */
final class ResponseMasking {
    private final RlweContext context;
    private final Evaluator evaluator;
    private final PublicKey publicKey;
    private final ShareRing ring;
    private final ResharingMode mode;
    private final LinearCost cost;
    private final int floodBits;

    ResponseMasking(RlweContext context, PublicKey publicKey, ShareRing ring, ResharingMode mode, int level) {
        if (mode == ResharingMode.EXACT && level < 2) {
            // Flooding must hide the product noise by ~40 statistical bits above the ring; one prime
            // leaves no room for that, and without it the response would leak the weights.
            throw new IllegalArgumentException("exact re-sharing needs at least two primes for flooding, the layout "
                    + "uses " + level);
        }
        this.context = context;
        this.evaluator = new Evaluator(context);
        this.publicKey = publicKey;
        this.ring = ring;
        this.mode = mode;
        this.cost = new LinearCost(context, ring);
        this.floodBits = Math.min(64, context.basisAtLevel(level).totalBits() - ring.modulus().bitLength() - 1);
    }

    /** The shrunk response and the server's shares at the kept coefficients, in kept order. */
    record Masked(ResponseCiphertext response, long[] serverShares) {
    }

    /**
     * Masks one response with randomness (flooding, encryption of zero, mask) drawn from {@code prg} alone,
     * so that the response is a function of its inputs and the prg's seed.
     */
    Masked mask(Ciphertext result, int[] kept, Prg prg) {
        result.fromNtt();
        if (mode == ResharingMode.EXACT) {
            flood(result, kept, prg);
        }
        Ciphertext low = result;
        while (low.level() > 1) {
            low = evaluator.modSwitchToNext(low);
        }
        evaluator.addInPlace(low, new PublicKeyEncryptor(publicKey, prg).encryptZero(1, false));
        long[] shares = mode == ResharingMode.EXACT ? maskExact(low, kept, prg) : maskApproximate(low, kept, prg);
        ResponseCiphertext response = ResponseCiphertext.shrink(context, low, kept, cost.c0DroppedBits(),
                cost.c1DroppedBits());
        return new Masked(response, shares);
    }

    /** Adds a uniform value of floodBits bits to c0 at every kept coefficient, in every prime. */
    private void flood(Ciphertext ct, int[] kept, Prg prg) {
        RnsPoly c0 = ct.part(0);
        RnsBasis basis = c0.basis();
        long bitMask = floodBits >= 64 ? -1L : (1L << floodBits) - 1;
        for (int index : kept) {
            long noise = prg.nextLong() & bitMask;
            for (int i = 0; i < basis.size(); i++) {
                Modulus m = basis.modulus(i);
                long[] limb = c0.limb(i);
                limb[index] = m.add(limb[index], m.reduce(noise));
            }
        }
    }

    /** Subtracts round(q_0 * r / t) for a uniform r mod t at the kept coefficients; the server keeps r. */
    private long[] maskExact(Ciphertext ct, int[] kept, Prg prg) {
        long[] r = ring.random(kept.length, prg);
        long[] poly = new long[context.degree()];
        for (int i = 0; i < kept.length; i++) {
            poly[kept[i]] = r[i];
        }
        evaluator.addPlainInPlace(ct, new Plaintext(ring.modulus(), poly), true);
        return r;
    }

    /**
     * Subtracts a uniform r mod q_0 from c0 directly; the server keeps floor(t * r / q_0). The client
     * decrypts round(m - t r / q_0 + eps) with |eps| &lt; 1/2, so the two shares sum to m - 1 or m, never
     * m + 1: a one-sided error that a single guard bit absorbs (see the engine's guarded layers).
     */
    private long[] maskApproximate(Ciphertext ct, int[] kept, Prg prg) {
        Modulus q0 = context.basis().modulus(0);
        long[] c0 = ct.part(0).limb(0);
        long[] shares = new long[kept.length];
        int l = ring.bits();
        for (int i = 0; i < kept.length; i++) {
            long v = Samplers.uniformBelow(q0.value(), prg);
            shares[i] = floorScaled(v, l, q0.value());
            c0[kept[i]] = q0.sub(c0[kept[i]], v);
        }
        return shares;
    }

    /** floor(r * 2^l / q) for r &lt; q &lt; 2^61 and l &lt;= 46: a double estimate, corrected in 128 bits. */
    static long floorScaled(long r, int l, long q) {
        long estimate = (long) (Math.scalb((double) r, l) / q);
        while (estimate > 0 && exceeds(estimate, q, r, l)) {
            estimate--;
        }
        while (!exceeds(estimate + 1, q, r, l)) {
            estimate++;
        }
        return estimate;
    }

    /** Whether a * q &gt; r * 2^l, compared as unsigned 128-bit products. */
    private static boolean exceeds(long a, long q, long r, int l) {
        long productHigh = Math.multiplyHigh(a, q);
        long productLow = a * q;
        long scaledHigh = l == 0 ? 0 : r >>> (64 - l);
        long scaledLow = r << l;
        if (productHigh != scaledHigh) {
            return productHigh > scaledHigh;
        }
        return Long.compareUnsigned(productLow, scaledLow) > 0;
    }
}
