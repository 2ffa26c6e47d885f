package org.hequant.protocols.ot;

import org.hequant.protocols.channel.Channel;

/**
 * Sets up a correlated-OT engine over a channel, one party per call: what a silent extension (Ferret) draws
 * its bootstrap COTs from. The two calls run at the two ends of one channel.
 */
public interface CorrelatedOtSetup {
    /** Runs the engine's setup as the COT sender, which holds Delta. */
    CorrelatedOtSender sender(Channel channel);

    /** Runs the engine's setup as the COT receiver. */
    CorrelatedOtReceiver receiver(Channel channel);
}
