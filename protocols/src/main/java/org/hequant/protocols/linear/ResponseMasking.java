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
 * The server's H2A step (docs/HEQUANT.md, "Re-sharing" and "Response shrinking"): turns an encrypted layer result into a shrunk
 * response the client can decrypt to its share, and the server's own share. See {@link ResharingMode}
 * for the two variants.
 *
 * <p>Circuit privacy (docs/SECURITY.md): the result is re-randomised with a fresh public-key encryption of
 * zero at its own level before anything rounds it, so c1, and with it every later rounding (the switches
 * to q_0, the shrinking), is independent of the weights. Exact re-sharing then masks and floods at that
 * level, with a flood {@link ExactFlooding} derives from a bound on the weight-dependent noise plus 40
 * statistical bits; the approximate one replaces c0 at the kept coefficients by a uniform value mod q_0.
 */
final class ResponseMasking {
    private final RlweContext context;
    private final Evaluator evaluator;
    private final PublicKey publicKey;
    private final ShareRing ring;
    private final ResharingMode mode;
    private final LinearCost cost;
    private final int floodBits;

    /**
     * {@code weightMagnitudeBits}: a public bound, every weight coefficient is at most 2^w in magnitude
     * (centered mod t); exact re-sharing's flood follows from it and the layout.
     */
    ResponseMasking(RlweContext context, PublicKey publicKey, LinearLayout layout, ResharingMode mode,
            int weightMagnitudeBits) {
        this.context = context;
        this.evaluator = new Evaluator(context);
        this.publicKey = publicKey;
        this.ring = layout.ring();
        this.mode = mode;
        this.cost = new LinearCost(context, ring);
        this.floodBits = mode == ResharingMode.EXACT
                ? ExactFlooding.checkedFloodBits(context, layout, weightMagnitudeBits) : 0;
    }

    /** The shrunk response and the server's shares at the kept coefficients, in kept order. */
    record Masked(ResponseCiphertext response, long[] serverShares) {
    }

    /**
     * Masks one response with randomness (encryption of zero, mask, flooding) drawn from {@code prg} alone,
     * so that the response is a function of its inputs and the prg's seed.
     */
    Masked mask(Ciphertext result, int[] kept, Prg prg) {
        result.fromNtt();
        evaluator.addInPlace(result, new PublicKeyEncryptor(publicKey, prg).encryptZero(result.level(), false));
        long[] shares = null;
        if (mode == ResharingMode.EXACT) {
            shares = maskExact(result, kept, prg);
            flood(result, kept, prg);
        }
        Ciphertext low = result;
        while (low.level() > 1) {
            low = evaluator.modSwitchToNext(low);
        }
        if (mode == ResharingMode.APPROXIMATE) {
            shares = maskApproximate(low, kept, prg);
        }
        ResponseCiphertext response = ResponseCiphertext.shrink(context, low, kept, cost.c0DroppedBits(),
                cost.c1DroppedBits());
        return new Masked(response, shares);
    }

    /** Adds a uniform integer below 2^floodBits to c0 at every kept coefficient, in every prime. */
    private void flood(Ciphertext ct, int[] kept, Prg prg) {
        RnsPoly c0 = ct.part(0);
        RnsBasis basis = c0.basis();
        long lowMask = floodBits >= 64 ? -1L : (1L << floodBits) - 1;
        long highMask = floodBits <= 64 ? 0 : (1L << (floodBits - 64)) - 1;
        for (int index : kept) {
            long low = prg.nextLong() & lowMask;
            long high = highMask == 0 ? 0 : prg.nextLong() & highMask;
            for (int i = 0; i < basis.size(); i++) {
                Modulus m = basis.modulus(i);
                long[] limb = c0.limb(i);
                limb[index] = m.add(limb[index], m.reduce128(high, low));
            }
        }
    }

    /**
     * Subtracts round(Q * r / t) at the ciphertext's level for a uniform r mod t at the kept coefficients; the
     * server keeps r. At the top level the encoding's rounding (at most 1/2) is divided away by the switches.
     */
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
