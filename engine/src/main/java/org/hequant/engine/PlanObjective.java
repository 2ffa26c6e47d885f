package org.hequant.engine;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the planner minimises when it chooses a layer's layout and the RLWE parameters: the bytes sent
 * ({@link #BYTES}), or the latency under a network profile, the bytes' transfer time plus the planner's
 * estimate of the compute they cost ({@link org.hequant.protocols.linear.LinearWork}). Round trips do not
 * enter: every candidate of a layer takes the same one. The plan carries the layouts it chose and, for the
 * record, the objective ({@link PlanCodec}).
 *
 * @param profile null for the bytes objective
 */
public record PlanObjective(NetworkProfile profile) implements Serializable {
    public static final PlanObjective BYTES = new PlanObjective(null);

    /**
     * Wall time of one more ring bit in a requantization, per element, both parties together (`bench nonlinear
     * --op requant`, 100,000 elements: 2.3 s at 8 bits, 4.1 s at 16).
     */
    static final double OT_MICROS_PER_RING_BIT = 2.3;

    private static final Pattern LINK = Pattern.compile("(\\d+(?:\\.\\d+)?)mbit");

    /**
     * "bytes", "lan" or "wan" (the profiles of {@code conf/network-profiles.properties}'s defaults), or a link's
     * bandwidth such as "100mbit".
     */
    public static PlanObjective parse(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        Matcher link = LINK.matcher(n);
        if (n.equals("bytes")) {
            return BYTES;
        } else if (n.equals("lan") || n.equals("wan")) {
            return new PlanObjective(n.equals("lan") ? NetworkProfile.LAN : NetworkProfile.WAN);
        } else if (link.matches() && Double.parseDouble(link.group(1)) > 0) {
            return new PlanObjective(new NetworkProfile(n, Double.parseDouble(link.group(1)), 0));
        }
        throw new IllegalArgumentException("unknown plan objective '" + name + "'; one of bytes, lan, wan or a "
                + "bandwidth such as 100mbit");
    }

    public String cliName() {
        return profile == null ? "bytes" : profile.name();
    }

    /**
     * The price of a choice that sends {@code bytes}, costs {@code heMicros} of HE compute and adds
     * {@code ringBitElements} (elements x ring bits) to the requantizations: bytes, or microseconds.
     */
    double price(long bytes, double heMicros, long ringBitElements) {
        if (profile == null) {
            return bytes;
        }
        return profile.transferMicros(bytes) + heMicros + ringBitElements * OT_MICROS_PER_RING_BIT;
    }
}
