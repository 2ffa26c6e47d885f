package org.hequant.protocols.linear;

import org.hequant.protocols.sharing.ShareRing;

/** The part every layout shares: the layer's name (for traffic labels and errors) and its share ring. */
abstract class NamedLayout implements LinearLayout {
    protected final String name;
    protected final ShareRing ring;

    NamedLayout(String name, ShareRing ring) {
        this.name = name;
        this.ring = ring;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ShareRing ring() {
        return ring;
    }
}
