package org.hequant.protocols.channel;

/**
 * Prefixes every label with the current scope ("conv1|ot/iknp"), so traffic of sub-protocols that label
 * their own messages (OT, comparisons) is attributed to the layer that caused it. The scope is set by
 * the party's runner between layers.
 */
public final class ScopedChannel implements Channel {
    public static final String SEPARATOR = "|";

    private final Channel inner;
    private volatile String scope = "setup";

    public ScopedChannel(Channel inner) {
        this.inner = inner;
    }

    public void scope(String scope) {
        this.scope = scope;
    }

    @Override
    public void send(String label, byte[] message) {
        inner.send(scope + SEPARATOR + label, message);
    }

    @Override
    public byte[] receive() {
        return inner.receive();
    }

    @Override
    public void close() {
        inner.close();
    }
}
