package org.hequant.models;

import java.util.HashMap;
import java.util.Map;
import org.hequant.models.ir.Activation;
import org.hequant.models.ir.Add;
import org.hequant.models.ir.Concat;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;

/**
 * An independent, deliberately plain implementation of the IR semantics (direct formulas, BigInteger-free
 * but with its own requantization), used to check the engine.
 */
final class NaiveReference {
    private NaiveReference() {
    }

    static long requant(Requantization r, long acc) {
        long v = acc * r.multiplier();
        // floor((v + 2^(s-1)) / 2^s) written with floorDiv instead of shifts.
        long q = r.shift() == 0 ? v : Math.floorDiv(v + (1L << (r.shift() - 1)), 1L << r.shift());
        long lo = r.relu() ? 0 : -(1L << (r.outBits() - 1));
        long hi = r.relu() ? (1L << r.outBits()) - 1 : (1L << (r.outBits() - 1)) - 1;
        return q < lo ? lo : q > hi ? hi : q;
    }

    static long[] run(QuantizedModel m, long[] input) {
        Map<String, long[]> v = new HashMap<>();
        v.put(QuantizedModel.INPUT, input);
        long[] out = input;
        for (Node n : m.nodes()) {
            TensorShape in = m.tensor(n.inputs().get(0)).shape();
            TensorShape o = m.tensor(n.name()).shape();
            long[] x = v.get(n.inputs().get(0));
            out = new long[o.size()];
            if (n.layer() instanceof Conv2d c) {
                int cg = c.inChannels() / c.groups();
                int mg = c.outChannels() / c.groups();
                for (int f = 0; f < c.outChannels(); f++) {
                    for (int oy = 0; oy < o.height(); oy++) {
                        for (int ox = 0; ox < o.width(); ox++) {
                            long acc = c.bias()[f];
                            for (int ci = 0; ci < cg; ci++) {
                                int ch = (f / mg) * cg + ci;
                                for (int i = 0; i < c.kernelH(); i++) {
                                    for (int j = 0; j < c.kernelW(); j++) {
                                        int y = oy * c.stride() + i - c.padTop();
                                        int xx = ox * c.stride() + j - c.padLeft();
                                        long val = y >= 0 && y < in.height() && xx >= 0 && xx < in.width()
                                                ? x[(ch * in.height() + y) * in.width() + xx] : 0;
                                        acc += val * c.weights()[((f * cg + ci) * c.kernelH() + i) * c.kernelW() + j];
                                    }
                                }
                            }
                            out[(f * o.height() + oy) * o.width() + ox] = requant(c.requant(), acc);
                        }
                    }
                }
            } else if (n.layer() instanceof Linear l) {
                for (int r = 0; r < l.outFeatures(); r++) {
                    long acc = l.bias()[r];
                    for (int c = 0; c < l.inFeatures(); c++) {
                        acc += x[c] * l.weights()[r * l.inFeatures() + c];
                    }
                    out[r] = requant(l.requant(), acc);
                }
            } else if (n.layer() instanceof Pool p) {
                boolean global = p.kind() == Pool.Kind.GLOBAL_AVERAGE;
                int kh = global ? in.height() : p.size();
                int kw = global ? in.width() : p.size();
                int s = global ? 1 : p.stride();
                for (int c = 0; c < o.channels(); c++) {
                    for (int oy = 0; oy < o.height(); oy++) {
                        for (int ox = 0; ox < o.width(); ox++) {
                            long best = Long.MIN_VALUE;
                            long sum = 0;
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    long val = x[(c * in.height() + oy * s + i) * in.width() + ox * s + j];
                                    best = Math.max(best, val);
                                    sum += val;
                                }
                            }
                            long r = p.kind() == Pool.Kind.MAX ? best : p.kind() == Pool.Kind.SUM ? sum
                                    : requant(p.requant(), sum);
                            out[(c * o.height() + oy) * o.width() + ox] = r;
                        }
                    }
                }
            } else if (n.layer() instanceof Add a) {
                long[] y = v.get(n.inputs().get(1));
                for (int i = 0; i < out.length; i++) {
                    out[i] = requant(a.requant(), x[i] * (1L << a.shiftA()) + y[i] * (1L << a.shiftB()));
                }
            } else if (n.layer() instanceof Concat) {
                int k = 0;
                for (String name : n.inputs()) {
                    for (long val : v.get(name)) {
                        out[k++] = val;
                    }
                }
            } else if (n.layer() instanceof Activation a) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = x[i] < 0 ? 0 : a.clipped() && x[i] > a.max() ? a.max() : x[i];
                }
            } else if (n.layer() instanceof Square q) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = requant(q.requant(), x[i] * x[i]);
                }
            } else {
                out = x.clone();
            }
            v.put(n.name(), out);
        }
        return out;
    }
}
