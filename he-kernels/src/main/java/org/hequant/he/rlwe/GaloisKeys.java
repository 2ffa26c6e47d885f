package org.hequant.he.rlwe;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.hequant.he.rns.RnsPoly;

/**
 * Key-switching keys from sigma_g(s) to s for a set of Galois elements g, made by the client and held by
 * the server: for each g, (k0, k1) = (-(a s + e) + P sigma_g(s), a) over the full basis, whose last prime
 * P is the special prime, with a expanded from a seed. They let the server apply X -&gt; X^g to ciphertexts
 * one prime below the top and reveal nothing about s under RLWE (circular security for sigma_g(s), as in
 * every scheme with rotation keys).
 */
public final class GaloisKeys {
    /** One key: k0 in NTT form over the full basis and the seed of k1. */
    public record Key(RnsPoly k0, byte[] seed) {
    }

    private final RlweContext context;
    private final Map<Integer, Key> keys;
    private final Map<Integer, RnsPoly> k1 = new TreeMap<>();

    public GaloisKeys(RlweContext context, Map<Integer, Key> keys) {
        if (context.maxLevel() != 2) {
            // One data prime (the level responses live at) and one special prime: the layout of Cheetah's
            // {60, 49} chain. Longer chains would need a decomposition of c1 over several primes.
            throw new IllegalArgumentException("Galois keys need a two-prime context (q_0 and a special prime), this one has "
                    + context.maxLevel());
        }
        for (Map.Entry<Integer, Key> e : keys.entrySet()) {
            Automorphism.requireElement(e.getKey(), context.degree());
            RnsPoly k0 = e.getValue().k0();
            if (!k0.isNtt() || !k0.basis().equals(context.basis())) {
                throw new IllegalArgumentException("Galois key " + e.getKey() + ": k0 must be in NTT form over the full basis");
            }
            k1.put(e.getKey(), org.hequant.he.sampling.Samplers.uniform(context.basis(),
                    new org.hequant.he.sampling.Prg(e.getValue().seed()), true));
        }
        this.context = context;
        this.keys = Collections.unmodifiableMap(new TreeMap<>(keys));
    }

    public RlweContext context() {
        return context;
    }

    /** The Galois elements, ascending, with their keys. */
    public Map<Integer, Key> keys() {
        return keys;
    }

    RnsPoly k0(int g) {
        Key key = keys.get(g);
        if (key == null) {
            throw new IllegalArgumentException("no Galois key for element " + g + " (have " + keys.keySet() + ")");
        }
        return key.k0();
    }

    RnsPoly k1(int g) {
        k0(g);
        return k1.get(g);
    }
}
