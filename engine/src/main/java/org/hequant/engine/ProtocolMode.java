package org.hequant.engine;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.hequant.protocols.linear.ConvPlanner;
import org.hequant.protocols.linear.ResharingMode;
import org.hequant.protocols.nonlinear.Truncation;

/**
 * How the network is run privately; the modes are the rungs of the HEQuant ablation.
 * <ul>
 *   <li>{@link #CHEETAH} ("cheetah"): Cheetah's settings as OpenCheetah runs them: 37-bit shares everywhere,
 *       the approximate (one-bit error) re-sharing of HE results, and OpenCheetah's nonlinear layers (the
 *       {@code Cheetah*} protocols: reduced-ring ReLU, truncation with known MSB, max-pool from ReLU maxes). Each
 *       requantization may be off by one, so predictions can differ from the plaintext engine (reported as
 *       agreement).</li>
 *   <li>{@link #QUANT} ("quant"): the quantized network with every tensor and every layer on the smallest
 *       ring that holds its values or accumulators ({@link RingAssignment}), exact re-sharing (flooding, two
 *       primes) and exact truncation, Cheetah's tiling rule: the naive combination of quantization and HE.</li>
 *   <li>{@link #QUANT_TILING} ("quant+tiling"): quant with quantization-aware tiling (tile shape, channels
 *       per upload and filters per response chosen by exact bytes at each layer's ring).</li>
 *   <li>{@link #QUANT_PACKING} ("quant+packing"): quant with the guarded re-sharing below, response
 *       compaction on Cheetah's tile shapes (C_n rounded down to a power of two) and intra-coefficient packing
 *       (K guarded accumulators per coefficient along spatial tiles, output or input channels), without the
 *       tiling search.</li>
 *   <li>{@link #HEQUANT} ("hequant"): quant+tiling, and where a power-of-two requantization follows the
 *       layer, guarded re-sharing: weights scaled by 2^g (g = 2 guard bits) in a ring g bits wider, the
 *       approximate re-sharing (no flooding, so one prime carries the uploads when the product noise fits),
 *       and the +-1 error removed exactly by folding the g bits into the requantization's shift; and response
 *       compaction (interleaved channels, n responses merged into one with the client's Galois keys) and
 *       intra-coefficient packing wherever they cost fewer bytes. Private results stay equal to the plaintext engine's.</li>
 * </ul>
 */
public enum ProtocolMode {
    // The order is part of the plan's wire form (PlanCodec writes the ordinal): append, never reorder.
    QUANT("quant", ResharingMode.EXACT, Truncation.Mode.EXACT, null, false),
    CHEETAH("cheetah", ResharingMode.APPROXIMATE, Truncation.Mode.APPROXIMATE, null, false),
    QUANT_TILING("quant+tiling", ResharingMode.EXACT, Truncation.Mode.EXACT, ConvPlanner.Rule.QUANT_AWARE, false),
    QUANT_PACKING("quant+packing", ResharingMode.EXACT, Truncation.Mode.EXACT, null, true),
    HEQUANT("hequant", ResharingMode.EXACT, Truncation.Mode.EXACT, ConvPlanner.Rule.QUANT_AWARE, true);

    /** Whether guarded layers may compact their responses ({@code CompactedLayout}, Galois keys). */
    boolean compacts() {
        return guarded;
    }

    /** Whether guarded layers may pack several accumulators per coefficient ({@code FieldPackedConvLayout}). */
    boolean packsFields() {
        return guarded;
    }

    /** Whether compaction searches its tile shape (else it keeps Cheetah's). */
    boolean searchesCompaction() {
        return this == HEQUANT;
    }

    static final int CHEETAH_RING_BITS = 37;

    private final String cliName;
    private final ResharingMode resharing;
    private final Truncation.Mode truncation;
    private final ConvPlanner.Rule tiling;
    private final boolean guarded;

    ProtocolMode(String cliName, ResharingMode resharing, Truncation.Mode truncation, ConvPlanner.Rule tiling,
            boolean guarded) {
        this.cliName = cliName;
        this.resharing = resharing;
        this.truncation = truncation;
        this.tiling = tiling;
        this.guarded = guarded;
    }

    /** The mode named as on the command line ("cheetah", "quant", "quant+tiling", "hequant"). */
    public static ProtocolMode parse(String name) {
        for (ProtocolMode m : values()) {
            if (m.cliName.equalsIgnoreCase(name) || m.name().equalsIgnoreCase(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + name + "'; one of "
                + Arrays.stream(values()).map(ProtocolMode::cliName).collect(Collectors.joining(", ")));
    }

    public String cliName() {
        return cliName;
    }

    /** The re-sharing of layers that are not guarded. */
    public ResharingMode resharing() {
        return resharing;
    }

    public Truncation.Mode truncation() {
        return truncation;
    }

    /** The tiling rule this mode prescribes, or the requested one when the mode leaves it open. */
    ConvPlanner.Rule tiling(ConvPlanner.Rule requested) {
        return tiling == null ? requested : tiling;
    }

    /** Whether layers followed by a power-of-two requantization use guarded re-sharing. */
    boolean guarded() {
        return guarded;
    }

    /** Cheetah uses one 37-bit ring throughout; the other modes size each ring (0). */
    int uniformRingBits() {
        return this == CHEETAH ? CHEETAH_RING_BITS : 0;
    }
}
