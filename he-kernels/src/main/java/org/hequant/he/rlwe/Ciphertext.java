package org.hequant.he.rlwe;

import org.hequant.he.rns.RnsBasis;
import org.hequant.he.rns.RnsPoly;

/**
 * An RLWE ciphertext (c0, c1, ...) over the basis of its level, decrypting as c0 + c1*s (+ c2*s^2 for a
 * size-3 product, which BFV relinearisation shrinks back). All parts share basis and form.
 */
public final class Ciphertext {
    private final RnsPoly[] parts;

    public Ciphertext(RnsPoly... parts) {
        if (parts.length < 2) {
            throw new IllegalArgumentException("a ciphertext has at least two parts, got " + parts.length);
        }
        for (RnsPoly p : parts) {
            if (!p.basis().equals(parts[0].basis()) || p.isNtt() != parts[0].isNtt()) {
                throw new IllegalArgumentException("ciphertext parts differ in basis or form");
            }
        }
        this.parts = parts.clone();
    }

    public int size() {
        return parts.length;
    }

    public RnsPoly part(int i) {
        return parts[i];
    }

    public RnsBasis basis() {
        return parts[0].basis();
    }

    public int level() {
        return parts[0].basis().size();
    }

    public boolean isNtt() {
        return parts[0].isNtt();
    }

    public Ciphertext copy() {
        RnsPoly[] c = new RnsPoly[parts.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = parts[i].copy();
        }
        return new Ciphertext(c);
    }

    public void toNtt() {
        for (RnsPoly p : parts) {
            p.toNtt();
        }
    }

    public void fromNtt() {
        for (RnsPoly p : parts) {
            p.fromNtt();
        }
    }
}
