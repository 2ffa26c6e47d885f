package org.hequant.protocols.linear;

import org.hequant.protocols.sharing.ShareRing;

/** Plaintext integer references in the share ring, written directly from the definitions. */
final class PlainLinear {
    private PlainLinear() {
    }

    static long[] conv(ConvShape s, long[] input, long[] filters, long[] bias, ShareRing ring) {
        int ho = s.outHeight();
        int wo = s.outWidth();
        long[] out = new long[s.filters() * ho * wo];
        for (int m = 0; m < s.filters(); m++) {
            for (int oy = 0; oy < ho; oy++) {
                for (int ox = 0; ox < wo; ox++) {
                    long acc = bias[m];
                    // Grouped: filter m reads channels [group * C/g, (group + 1) * C/g) of the input.
                    int perGroup = s.channels() / s.groups();
                    int group = m / (s.filters() / s.groups());
                    for (int cg = 0; cg < perGroup; cg++) {
                        int c = group * perGroup + cg;
                        for (int i = 0; i < s.kernelH(); i++) {
                            int y = oy * s.stride() + i - s.padTop();
                            if (y < 0 || y >= s.height()) {
                                continue;
                            }
                            for (int j = 0; j < s.kernelW(); j++) {
                                int x = ox * s.stride() + j - s.padLeft();
                                if (x < 0 || x >= s.width()) {
                                    continue;
                                }
                                acc += input[(c * s.height() + y) * s.width() + x]
                                        * filters[((m * perGroup + cg) * s.kernelH() + i) * s.kernelW() + j];
                            }
                        }
                    }
                    out[(m * ho + oy) * wo + ox] = ring.reduce(acc);
                }
            }
        }
        return out;
    }

    static long[] fc(int inputs, int outputs, long[] v, long[] matrix, long[] bias, ShareRing ring) {
        long[] out = new long[outputs];
        for (int r = 0; r < outputs; r++) {
            long acc = bias[r];
            for (int c = 0; c < inputs; c++) {
                acc += matrix[r * inputs + c] * v[c];
            }
            out[r] = ring.reduce(acc);
        }
        return out;
    }

    static long[] batchNorm(int channels, int plane, long[] x, long[] gamma, long[] beta, ShareRing ring) {
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = i / plane;
            out[i] = ring.add(ring.mul(gamma[c], x[i]), beta[c]);
        }
        return out;
    }
}
