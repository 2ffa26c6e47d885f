package org.hequant.protocols.ot.ferret;

import java.util.List;
import org.hequant.he.sampling.Prg;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.channel.TrafficMeter;
import org.hequant.protocols.ot.CorrelatedOtReceiver;
import org.hequant.protocols.ot.CorrelatedOtSender;
import org.hequant.protocols.ot.CorrelatedOtSetup;

/**
 * Ferret silent OT extension (Yang, Weng, Lan, Zhang and Wang, CCS 2020), semi-honest, with primal LPN and
 * regular noise: correlated OTs cost 0.44 bits of traffic each instead of IKNP's 128, so every OT flavour
 * costs its messages plus one bit for the receiver's choice. Setup: a bootstrap engine, passed in (sessions
 * pass IKNP: its base OTs and 13,630 COTs), seeds two small extensions, which produce the base COTs of the
 * main one; every main extension reserves the base of the next from its own last outputs. Extensions run lazily, a chunk of noise blocks at a time,
 * so a session pays for the OTs it uses and not for a whole 10-million extension.
 *
 * <p>The correlation is IKNP's: the sender holds Delta and q_i, the receiver r_i and t_i = q_i xor r_i Delta,
 * with r_i pseudorandom; a call with chosen bits b sends b xor r ("ot/ferret-choice", one bit per OT) and
 * the sender shifts q_i by Delta where they differ. Extension traffic is "pre/ot/ferret", sender to receiver,
 * metered as preprocessing: it depends on no input and a deployment can run it ahead of the inference.
 */
public final class FerretOtExtension {
    /** Input-independent preprocessing: metered apart from the inference (see {@code TrafficMeter}). */
    public static final String LABEL_EXTENSION = TrafficMeter.PREPROCESSING_PREFIX + "ot/ferret";
    public static final String LABEL_CHOICE = "ot/ferret-choice";
    /** The published 128-bit sets: two bootstrap extensions, then the main one repeated. */
    static final List<LpnParameters> SCHEDULE = List.of(LpnParameters.PRE_1, LpnParameters.PRE_2, LpnParameters.MAIN);

    private FerretOtExtension() {
    }

    /**
     * Sets up {@code bootstrap} as its sender (which draws Delta, Ferret's too) and runs the bootstrap extensions
     * on its COTs; returns the Ferret sender.
     */
    public static FerretOtSender sender(Channel channel, CorrelatedOtSetup bootstrap) {
        return sender(channel, bootstrap, SCHEDULE);
    }

    /** Sets up {@code bootstrap} as its receiver and runs the bootstrap extensions; returns the Ferret receiver. */
    public static FerretOtReceiver receiver(Channel channel, CorrelatedOtSetup bootstrap) {
        return receiver(channel, bootstrap, SCHEDULE);
    }

    static FerretOtSender sender(Channel channel, CorrelatedOtSetup bootstrap, List<LpnParameters> schedule) {
        CorrelatedOtSender cots = bootstrap.sender(channel);
        long[] base = cots.correlated(schedule.get(0).baseCots());
        long[] delta = cots.delta();
        return new FerretOtSender(channel, delta[0], delta[1], base, schedule);
    }

    static FerretOtReceiver receiver(Channel channel, CorrelatedOtSetup bootstrap, List<LpnParameters> schedule) {
        CorrelatedOtReceiver cots = bootstrap.receiver(channel);
        boolean[] bits = new boolean[schedule.get(0).baseCots()];
        Prg prg = Prg.fromSystemEntropy();
        for (int i = 0; i < bits.length; i += 64) {
            long word = prg.nextLong();
            for (int b = 0; b < 64 && i + b < bits.length; b++) {
                bits[i + b] = ((word >>> b) & 1) != 0;
            }
        }
        return new FerretOtReceiver(channel, bits, cots.correlated(bits), schedule);
    }

    /** The parameters of extension e: the schedule's last entry repeats. */
    static LpnParameters parameters(List<LpnParameters> schedule, long e) {
        return schedule.get((int) Math.min(e, schedule.size() - 1));
    }

    /** Outputs of extension e handed out; the rest is the base of extension e + 1. */
    static int usable(List<LpnParameters> schedule, long e) {
        int usable = parameters(schedule, e).n() - parameters(schedule, e + 1).baseCots();
        if (usable < 0) {
            throw new IllegalArgumentException("extension " + e + " yields fewer COTs than the next one needs");
        }
        return usable;
    }

    /** The extensions that only grow the base run at setup: all but the repeated last entry. */
    static boolean bootstrapping(List<LpnParameters> schedule, long e) {
        return e < schedule.size() - 1;
    }
}
