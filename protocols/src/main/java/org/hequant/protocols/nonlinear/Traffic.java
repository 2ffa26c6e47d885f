package org.hequant.protocols.nonlinear;

/**
 * Bytes a nonlinear protocol sends in each direction, as the channel meters them (the silent OT's own
 * extension traffic, metered apart as preprocessing, excluded). The protocols' cost functions return it, so the
 * planner prices a ring bit with the protocols' own structure.
 */
public record Traffic(long server, long client) {
    public static final Traffic NONE = new Traffic(0, 0);

    public Traffic {
        if (server < 0 || client < 0) {
            throw new IllegalArgumentException("traffic must be non-negative, got server = " + server + ", client = "
                    + client);
        }
    }

    /** {@code senderBytes} from the party that sends, {@code receiverBytes} from the other. */
    static Traffic of(boolean serverSends, long senderBytes, long receiverBytes) {
        return serverSends ? new Traffic(senderBytes, receiverBytes) : new Traffic(receiverBytes, senderBytes);
    }

    /** The same bytes from each party (an exchange). */
    static Traffic both(long bytes) {
        return new Traffic(bytes, bytes);
    }

    public Traffic plus(Traffic o) {
        return new Traffic(server + o.server, client + o.client);
    }

    public long total() {
        return server + client;
    }
}
