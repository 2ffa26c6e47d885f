package org.hequant.protocols.linear;

import org.hequant.protocols.sharing.ShareRing;

/**
 * The part every layout shares: the layer's name (for traffic labels and errors), its share ring and the
 * RNS level its uploads and products use.
 */
abstract class NamedLayout implements LinearLayout {
    protected final String name;
    protected final ShareRing ring;
    private final int level;

    NamedLayout(String name, ShareRing ring) {
        this(name, ring, TOP_LEVEL);
    }

    NamedLayout(String name, ShareRing ring, int level) {
        if (level < 0) {
            throw new IllegalArgumentException(name + ": level " + level + " is negative");
        }
        this.name = name;
        this.ring = ring;
        this.level = level;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ShareRing ring() {
        return ring;
    }

    @Override
    public final int level() {
        return level;
    }
}
