package org.hequant.he.bfv;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.hequant.he.rlwe.Automorphism;
import org.hequant.he.rlwe.RlweContext;

/**
 * Key-switching keys from s(X^g) to s for a set of Galois elements g: with the batch layout, g = 3^k mod 2N
 * rotates both slot rows left by k and g = 2N - 1 swaps the rows. Made by the client, held by the server.
 */
public final class BfvGaloisKeys {
    private final RlweContext context;
    private final Map<Integer, KeySwitchingKey> keys;

    public BfvGaloisKeys(RlweContext context, Map<Integer, KeySwitchingKey> keys) {
        for (Map.Entry<Integer, KeySwitchingKey> e : keys.entrySet()) {
            Automorphism.requireElement(e.getKey(), context.degree());
            if (e.getValue().context() != context) {
                throw new IllegalArgumentException("Galois key " + e.getKey() + " belongs to another context");
            }
        }
        this.context = context;
        this.keys = Collections.unmodifiableMap(new TreeMap<>(keys));
    }

    /** The Galois element rotating both rows left by {@code steps} (negative: right); 1 for no rotation. */
    public static int rowRotationElement(int degree, int steps) {
        int half = degree / 2;
        int normalized = Math.floorMod(steps, half);
        long g = 1;
        long twoN = 2L * degree;
        for (int i = 0; i < normalized; i++) {
            g = g * 3 % twoN;
        }
        return (int) g;
    }

    /** The Galois element swapping the two rows. */
    public static int rowSwapElement(int degree) {
        return 2 * degree - 1;
    }

    public RlweContext context() {
        return context;
    }

    /** The Galois elements, ascending, with their keys. */
    public Map<Integer, KeySwitchingKey> keys() {
        return keys;
    }

    KeySwitchingKey key(int g) {
        KeySwitchingKey key = keys.get(g);
        if (key == null) {
            throw new IllegalArgumentException("no Galois key for element " + g + " (have " + keys.keySet() + ")");
        }
        return key;
    }
}
