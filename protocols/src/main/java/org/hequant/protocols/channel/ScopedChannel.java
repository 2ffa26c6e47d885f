package org.hequant.protocols.channel;

/**
 * Prefixes every label with the current scope ("conv1|ot/iknp"), so traffic of sub-protocols that label
 * their own messages (OT, comparisons) is attributed to the layer that caused it. The scope is set by
 * the party's runner between layers. Preprocessing messages ({@link TrafficMeter#PREPROCESSING_PREFIX}) go to
 * the scope {@link #PREPROCESSING} whatever layer triggered them.
 */
public final class ScopedChannel implements Channel {
    public static final String SEPARATOR = "|";
    /** The scope of preprocessing messages, which belong to the session rather than to the layer running. */
    public static final String PREPROCESSING = "preprocessing";

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
        String owner = label.startsWith(TrafficMeter.PREPROCESSING_PREFIX) ? PREPROCESSING : scope;
        inner.send(owner + SEPARATOR + label, message);
    }

    @Override
    public byte[] receive() {
        return inner.receive();
    }

    @Override
    public byte[] receive(int maxBytes) {
        return inner.receive(maxBytes);
    }

    @Override
    public void close() {
        inner.close();
    }
}
