package org.hequant.he.rlwe;

/**
 * The HomomorphicEncryption.org security standard (Albrecht et al., v1.1, 2018) as encoded in SEAL's
 * hestdparms.h: the largest total log2 q giving 128-bit classical security for a ternary secret and
 * error standard deviation 3.2. Parameters above it are refused, never merely warned about.
 */
public final class SecurityStandard {
    private static final int[] DEGREES = {1024, 2048, 4096, 8192, 16384, 32768};
    private static final int[] MAX_BITS_128 = {27, 54, 109, 218, 438, 881};

    private SecurityStandard() {
    }

    /** Maximum total bits of q at 128-bit security for degree N. */
    public static int maxModulusBits(int degree) {
        for (int i = 0; i < DEGREES.length; i++) {
            if (DEGREES[i] == degree) {
                return MAX_BITS_128[i];
            }
        }
        throw new InsecureParametersException("N = " + degree
                + " has no entry in the HomomorphicEncryption.org 128-bit table (N must be a power of two in 1024..32768)");
    }

    /** Throws unless a modulus of {@code modulusBits} bits at degree N reaches 128-bit security. */
    public static void require128Bit(int degree, int modulusBits) {
        int max = maxModulusBits(degree);
        if (modulusBits > max) {
            throw new InsecureParametersException("q has " + modulusBits + " bits but N = " + degree
                    + " allows at most " + max + " bits for 128-bit security (HomomorphicEncryption.org table)");
        }
    }
}
