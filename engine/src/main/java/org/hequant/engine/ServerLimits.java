package org.hequant.engine;

import java.time.Duration;

/**
 * What one peer, or many, can make the TCP server spend: connections served at once (more are told the
 * server is busy and closed), how long a new connection may take to say hello, how long any read may wait
 * for the peer's next bytes, and the deadline of a connection's set-up and of each inference it asks for
 * (so a peer trickling bytes just fast enough to beat the idle timeout is still cut).
 */
public record ServerLimits(int maxConnections, Duration helloTimeout, Duration idleTimeout, Duration sessionTimeout) {
    public static final ServerLimits DEFAULT = new ServerLimits(8, Duration.ofSeconds(10), Duration.ofSeconds(60),
            Duration.ofSeconds(600));

    public ServerLimits {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("at most " + maxConnections + " connections: need at least 1");
        }
        for (Duration d : new Duration[] {helloTimeout, idleTimeout, sessionTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("server timeouts must be positive, got " + d);
            }
        }
    }
}
