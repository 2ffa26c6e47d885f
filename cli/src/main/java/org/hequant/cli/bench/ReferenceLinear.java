package org.hequant.cli.bench;

import org.hequant.protocols.linear.ConvShape;
import org.hequant.protocols.sharing.ShareRing;

/** Plaintext integer convolution and matrix-vector product in the share ring, for error reporting. */
final class ReferenceLinear {
    private ReferenceLinear() {
    }

    static long[] conv(ConvShape s, long[] input, long[] filters, ShareRing ring) {
        int ho = s.outHeight();
        int wo = s.outWidth();
        int kh = s.kernelH();
        int kw = s.kernelW();
        long[] out = new long[s.filters() * ho * wo];
        for (int m = 0; m < s.filters(); m++) {
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    long acc = 0;
                    for (int c = 0; c < s.channels(); c++) {
                        for (int i = 0; i < kh; i++) {
                            int y = oy * s.stride() + i - s.padTop();
                            if (y < 0 || y >= s.height()) {
                                continue;
                            }
                            int rowBase = (c * s.height() + y) * s.width();
                            int filterBase = ((m * s.channels() + c) * kh + i) * kw;
                            for (int j = 0; j < kw; j++) {
                                int x = ox * s.stride() + j - s.padLeft();
                                if (x >= 0 && x < s.width()) {
                                    acc += input[rowBase + x] * filters[filterBase + j];
                                }
                            }
                        }
                    }
                    out[(m * ho + oy) * wo + ox] = ring.reduce(acc);
                }
            }
        }
        return out;
    }

    static long[] fc(int inputs, int outputs, long[] v, long[] matrix, ShareRing ring) {
        long[] out = new long[outputs];
        for (int r = 0; r < outputs; r++) {
            long acc = 0;
            for (int c = 0; c < inputs; c++) {
                acc += matrix[r * inputs + c] * v[c];
            }
            out[r] = ring.reduce(acc);
        }
        return out;
    }

    /** Largest |reconstructed - expected| with differences read as centered ring elements. */
    static long maxAbsError(long[] expected, long[] actual, ShareRing ring) {
        long max = 0;
        long half = 1L << (ring.bits() - 1);
        for (int i = 0; i < expected.length; i++) {
            long d = ring.sub(actual[i], expected[i]);
            long centered = d >= half ? (1L << ring.bits()) - d : d;
            max = Math.max(max, centered);
        }
        return max;
    }
}
