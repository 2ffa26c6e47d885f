package org.hequant.models.zoo;

/**
 * Weight and activation widths of a quantized network, written like "W4A4"; by the usual convention the
 * first and the last layer stay at W8A8 unless {@code uniform} is set.
 */
public record BitConfig(int weightBits, int activationBits, boolean uniform) {
    public BitConfig {
        if (weightBits < 2 || weightBits > 16 || activationBits < 2 || activationBits > 16) {
            throw new IllegalArgumentException("bit widths must be in [2, 16], got W" + weightBits + "A" + activationBits);
        }
    }

    /** Parses "W4A4" (first/last layer W8A8) or "W4A4-uniform". */
    public static BitConfig parse(String text) {
        String t = text.trim().toUpperCase();
        boolean uniform = t.endsWith("-UNIFORM");
        if (uniform) {
            t = t.substring(0, t.length() - "-UNIFORM".length());
        }
        int a = t.indexOf('A');
        if (!t.startsWith("W") || a < 2) {
            throw new IllegalArgumentException("bit configuration must look like W4A4, got '" + text + "'");
        }
        try {
            return new BitConfig(Integer.parseInt(t.substring(1, a)), Integer.parseInt(t.substring(a + 1)), uniform);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bit configuration must look like W4A4, got '" + text + "'");
        }
    }

    int weightBits(boolean edgeLayer) {
        return edgeLayer && !uniform ? Math.max(8, weightBits) : weightBits;
    }

    int activationBits(boolean edgeLayer) {
        return edgeLayer && !uniform ? Math.max(8, activationBits) : activationBits;
    }

    @Override
    public String toString() {
        return "W" + weightBits + "A" + activationBits + (uniform ? "-uniform" : "");
    }
}
