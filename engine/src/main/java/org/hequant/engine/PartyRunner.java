package org.hequant.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hequant.models.ir.Activation;
import org.hequant.models.ir.Add;
import org.hequant.models.ir.Concat;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.TensorShape;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.nonlinear.Pooling;
import org.hequant.protocols.nonlinear.Relu;
import org.hequant.protocols.nonlinear.Session;
import org.hequant.protocols.sharing.ShareRing;

/**
 * One party's walk through the network on additive shares: local layers (concat, flatten, sums, the
 * additions of a residual) on its own share, interactive ones through the session. Linear layers are
 * delegated to {@link #linear}, which the client and server implement with their HE halves.
 */
abstract class PartyRunner {
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    protected final InferencePlan plan;
    protected final Session session;
    private final ScopedChannel scope;
    private final Map<String, Long> cpuNanos = new java.util.LinkedHashMap<>();

    /** The session's channel must be {@code scope}, so that all traffic is attributed to the running layer. */
    PartyRunner(InferencePlan plan, Session session, ScopedChannel scope) {
        this.plan = plan;
        this.session = session;
        this.scope = scope;
    }

    /** This party's share of the linear layer's accumulator (before requantization). */
    protected abstract long[] linear(Node node, long[] share);

    /** This party's thread CPU time per layer, summed over every inference so far. */
    synchronized Map<String, Long> cpuNanosByLayer() {
        return new java.util.LinkedHashMap<>(cpuNanos);
    }

    /** Evaluates every node on this party's share of the input; returns its share of the output. */
    synchronized long[] evaluate(long[] inputShare) {
        QuantizedModel arch = plan.architecture();
        ShareRing ring = plan.ring();
        Map<String, long[]> shares = new HashMap<>();
        shares.put(QuantizedModel.INPUT, inputShare);
        long[] out = inputShare;
        for (Node n : arch.nodes()) {
            List<String> ins = n.inputs();
            long[] x = shares.get(ins.get(0));
            TensorShape inShape = arch.tensor(ins.get(0)).shape();
            scope.scope(n.name());
            long start = THREADS.getCurrentThreadCpuTime();
            out = step(n, x, ins.size() > 1 ? shares.get(ins.get(1)) : null, shares, inShape, ring);
            cpuNanos.merge(n.name(), THREADS.getCurrentThreadCpuTime() - start, Long::sum);
            shares.put(n.name(), out);
        }
        scope.scope("output");
        return out;
    }

    private long[] step(Node n, long[] x, long[] y, Map<String, long[]> shares, TensorShape inShape, ShareRing ring) {
        Layer layer = n.layer();
        int bits = ring.bits();
        String label = n.name();
        if (layer instanceof Conv2d c) {
            return requantize(label, linear(n, x), c.requant());
        }
        if (layer instanceof Linear l) {
            return requantize(label, linear(n, x), l.requant());
        }
        if (layer instanceof Pool p) {
            switch (p.kind()) {
                case MAX:
                    return Pooling.maxPool(session, label, x, bits, window(inShape, p.size(), p.stride()));
                case SUM:
                    return Pooling.sumPool(x, bits, window(inShape, p.size(), p.stride()));
                case AVERAGE:
                    return requantize(label, Pooling.sumPool(x, bits, window(inShape, p.size(), p.stride())), p.requant());
                default:
                    return requantize(label, planeSums(x, inShape, ring), p.requant());
            }
        }
        if (layer instanceof Add a) {
            long[] sum = new long[x.length];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = ring.reduce((x[i] << a.shiftA()) + (y[i] << a.shiftB()));
            }
            return requantize(label, sum, a.requant());
        }
        if (layer instanceof Concat) {
            int total = 0;
            for (String in : n.inputs()) {
                total += shares.get(in).length;
            }
            long[] cat = new long[total];
            int offset = 0;
            for (String in : n.inputs()) {
                long[] s = shares.get(in);
                System.arraycopy(s, 0, cat, offset, s.length);
                offset += s.length;
            }
            return cat;
        }
        if (layer instanceof Activation act) {
            if (!act.clipped()) {
                return Relu.relu(session, label, x, bits);
            }
            return org.hequant.protocols.nonlinear.Requantization.requantize(session, label, x, bits, 1, 0, 0, act.max(),
                    bits, plan.mode().truncation());
        }
        return x;
    }

    /** Per-channel sums over the whole plane (the local half of global average pooling). */
    private static long[] planeSums(long[] x, TensorShape s, ShareRing ring) {
        int plane = s.height() * s.width();
        long[] sums = new long[s.channels()];
        for (int c = 0; c < sums.length; c++) {
            long acc = 0;
            for (int i = 0; i < plane; i++) {
                acc += x[c * plane + i];
            }
            sums[c] = ring.reduce(acc);
        }
        return sums;
    }

    private static Pooling.Window window(TensorShape s, int size, int stride) {
        return new Pooling.Window(s.channels(), s.height(), s.width(), size, stride);
    }

    private long[] requantize(String label, long[] acc, Requantization r) {
        long min = r.output().min();
        long max = r.output().max();
        int bits = plan.ring().bits();
        return org.hequant.protocols.nonlinear.Requantization.requantize(session, label + "/requant", acc, bits,
                r.multiplier(), r.shift(), min, max, bits, plan.mode().truncation());
    }
}
