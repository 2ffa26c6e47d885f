package org.hequant.models.ir;

import java.util.Arrays;

/**
 * Maps an accumulator back to an activation: y = clamp(round(acc * multiplier / 2^shift)) with rounding half
 * up (add 2^(shift-1), then an arithmetic shift: exactly what the two-party requantization protocol
 * computes). The output type is b bits, unsigned when {@code relu} (ReLU and the upper clip fused) and signed
 * otherwise; the clamp is that type's full range unless the layer was imported with an asymmetric range
 * [{@code min}, {@code max}] (an ONNX zero point other than 0 or the midpoint, or a clipped activation).
 * A power-of-two scale has multiplier 1; a general fixed-point scale uses a multiplier below 2^31.
 *
 * <p>Per-channel requantization ({@code channelMultipliers}, {@code channelShifts} non-null, one per output
 * channel of a conv or linear layer) gives each output channel its own scale, as per-channel weight scales
 * need; {@code multiplier} and {@code shift} then repeat channel 0's. The private protocols run it with one
 * common shift ({@link #commonShift()}, {@link #commonMultiplier(int)}): a per-element public multiplier is a
 * local product of the shares, and only the shift costs a protocol.
 */
public record Requantization(long multiplier, int shift, int outBits, boolean relu, long[] channelMultipliers,
        int[] channelShifts, long min, long max) {
    public Requantization {
        checkScale(multiplier, shift);
        ValueRange type = new ValueRange(outBits, !relu);
        if ((channelMultipliers == null) != (channelShifts == null)) {
            throw new IllegalArgumentException("per-channel requantization needs both multipliers and shifts");
        }
        if (channelMultipliers != null) {
            if (channelMultipliers.length == 0 || channelMultipliers.length != channelShifts.length) {
                throw new IllegalArgumentException("per-channel requantization: " + channelMultipliers.length
                        + " multipliers and " + channelShifts.length + " shifts");
            }
            for (int c = 0; c < channelMultipliers.length; c++) {
                checkScale(channelMultipliers[c], channelShifts[c]);
            }
            if (channelMultipliers[0] != multiplier || channelShifts[0] != shift) {
                throw new IllegalArgumentException("per-channel requantization: multiplier and shift must repeat channel 0's");
            }
        }
        if (min > max || min < type.min() || max > type.max()) {
            throw new IllegalArgumentException("requantization clamp [" + min + ", " + max + "] not within its type " + type);
        }
    }

    /** Per-tensor requantization clamping to the full range of its type. */
    public Requantization(long multiplier, int shift, int outBits, boolean relu) {
        this(multiplier, shift, outBits, relu, null, null, new ValueRange(outBits, !relu).min(),
                new ValueRange(outBits, !relu).max());
    }

    public static Requantization shift(int shift, int outBits, boolean relu) {
        return new Requantization(1, shift, outBits, relu);
    }

    /**
     * A requantization clamping to [min, max], per channel when {@code multipliers} has more than one distinct
     * scale; its type is the narrowest holding the clamp range (unsigned when min ≥ 0).
     */
    public static Requantization of(long[] multipliers, int[] shifts, long min, long max) {
        ValueRange type = containing(min, max);
        boolean perChannel = false;
        for (int c = 1; c < multipliers.length; c++) {
            perChannel |= multipliers[c] != multipliers[0] || shifts[c] != shifts[0];
        }
        return new Requantization(multipliers[0], shifts[0], type.bits(), !type.signed(),
                perChannel ? multipliers.clone() : null, perChannel ? shifts.clone() : null, min, max);
    }

    /** The narrowest type holding [min, max]: unsigned when min ≥ 0, else signed. */
    public static ValueRange containing(long min, long max) {
        if (min >= 0) {
            return new ValueRange(Math.max(1, 64 - Long.numberOfLeadingZeros(max)), false);
        }
        return new ValueRange(Math.max(ValueRange.signedBits(-(min + 1)), ValueRange.signedBits(Math.max(max, 0))), true);
    }

    private static void checkScale(long multiplier, int shift) {
        if (multiplier < 1 || multiplier >= 1L << 31) {
            throw new IllegalArgumentException("requantization multiplier must be in [1, 2^31), got " + multiplier);
        }
        if (shift < 0 || shift > 62) {
            throw new IllegalArgumentException("requantization shift must be in [0, 62], got " + shift);
        }
    }

    /** The output type (the clamp range lies within it). */
    public ValueRange output() {
        return new ValueRange(outBits, !relu);
    }

    public boolean perChannel() {
        return channelMultipliers != null;
    }

    /** Per tensor and clamping to its type's full range: the form the private protocols implement. */
    public boolean perTensorFullRange() {
        return !perChannel() && min == output().min() && max == output().max();
    }

    /** The shift every channel shares in the private protocols: the largest channel shift. */
    public int commonShift() {
        int s = shift;
        for (int c = 0; c < channels(); c++) {
            s = Math.max(s, channelShifts[c]);
        }
        return s;
    }

    /**
     * Channel {@code channel}'s multiplier under {@link #commonShift()} S: m_c 2^(S - s_c). Rounding half up is
     * unchanged, floor((a m 2^k + 2^(S-1)) / 2^S) = floor((a m + 2^(s-1)) / 2^s) for s = S - k &gt;= 1, and
     * a m exactly for s = 0. Throws ArithmeticException when the product overflows a long.
     */
    public long commonMultiplier(int channel) {
        int k = commonShift() - shift(channel);
        long m = multiplier(channel);
        if (k > 62 || Long.numberOfLeadingZeros(m) <= k) {
            throw new ArithmeticException("multiplier " + m + " * 2^" + k + " overflows 63 bits");
        }
        return m << k;
    }

    /** The largest {@link #commonMultiplier(int)}: what the share ring must hold the accumulator times. */
    public long maxCommonMultiplier() {
        long m = commonMultiplier(0);
        for (int c = 1; c < channels(); c++) {
            m = Math.max(m, commonMultiplier(c));
        }
        return m;
    }

    /** Output channels of a per-channel requantization (0 when per tensor). */
    public int channels() {
        return perChannel() ? channelMultipliers.length : 0;
    }

    public long multiplier(int channel) {
        return perChannel() ? channelMultipliers[channel] : multiplier;
    }

    public int shift(int channel) {
        return perChannel() ? channelShifts[channel] : shift;
    }

    /** Requantizes an accumulator of a per-tensor requantization. */
    public long apply(long acc) {
        if (perChannel()) {
            throw new IllegalStateException("per-channel requantization applied without a channel");
        }
        return apply(acc, 0);
    }

    /** Requantizes an accumulator of output channel {@code channel}. */
    public long apply(long acc, int channel) {
        int s = shift(channel);
        long v = Math.multiplyExact(acc, multiplier(channel));
        if (s > 0) {
            v = (v + (1L << (s - 1))) >> s;
        }
        return Math.max(min, Math.min(max, v));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Requantization r && r.multiplier == multiplier && r.shift == shift && r.outBits == outBits
                && r.relu == relu && Arrays.equals(r.channelMultipliers, channelMultipliers)
                && Arrays.equals(r.channelShifts, channelShifts) && r.min == min && r.max == max;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new long[] {multiplier, shift, outBits, relu ? 1 : 0, Arrays.hashCode(channelMultipliers),
            Arrays.hashCode(channelShifts), min, max});
    }

    @Override
    public String toString() {
        String scale = perChannel() ? "per-channel " + Arrays.toString(channelMultipliers) + " / 2^"
                + Arrays.toString(channelShifts) : multiplier + " / 2^" + shift;
        return "requant " + scale + " -> " + output() + (perTensorFullRange() || perChannel() && min == output().min()
                && max == output().max() ? "" : " clamped to [" + min + ", " + max + "]");
    }
}
