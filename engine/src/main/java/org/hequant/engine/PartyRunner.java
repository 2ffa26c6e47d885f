package org.hequant.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hequant.models.ir.Activation;
import org.hequant.models.ir.Add;
import org.hequant.models.ir.Concat;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Flatten;
import org.hequant.models.ir.Layer;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.Pool;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.ir.Requantization;
import org.hequant.models.ir.Square;
import org.hequant.models.ir.TensorShape;
import org.hequant.protocols.channel.ScopedChannel;
import org.hequant.protocols.nonlinear.ArgMax;
import org.hequant.protocols.nonlinear.BitWidth;
import org.hequant.protocols.nonlinear.CheetahMaxPool;
import org.hequant.protocols.nonlinear.CheetahRequantization;
import org.hequant.protocols.nonlinear.Multiplication;
import org.hequant.protocols.nonlinear.Pooling;
import org.hequant.protocols.nonlinear.Relu;
import org.hequant.protocols.nonlinear.SecureRequantization;
import org.hequant.protocols.nonlinear.Session;
import org.hequant.protocols.nonlinear.Truncation;
import org.hequant.protocols.sharing.ShareRing;

/**
 * One party's walk through the network on additive shares: local layers (concat, flatten, sums, the
 * additions of a residual) on its own share, interactive ones through the session. Linear layers are
 * delegated to {@link #linear}, which the client and server implement with their HE halves.
 */
abstract class PartyRunner {
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** The argmax's name in the traffic and CPU reports, beside the network's nodes. */
    static final String ARGMAX = "argmax";

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
        Map<String, long[]> shares = new HashMap<>();
        shares.put(QuantizedModel.INPUT, inputShare);
        long[] out = inputShare;
        for (Node n : arch.nodes()) {
            List<String> ins = n.inputs();
            // Every input is brought to the ring this node works in: reduced locally (its values fit) or
            // extended, cheaply when its range says it is non-negative.
            int work = plan.nodeBits(n.name());
            long[][] x = new long[ins.size()][];
            for (int i = 0; i < x.length; i++) {
                x[i] = toWorkingRing(n.name(), ins.get(i), shares.get(ins.get(i)), plan.inputBits(n.name()));
            }
            TensorShape inShape = arch.tensor(ins.get(0)).shape();
            scope.scope(n.name());
            long start = THREADS.getCurrentThreadCpuTime();
            out = step(n, x, inShape, work, plan.tensorBits(n.name()));
            cpuNanos.merge(n.name(), THREADS.getCurrentThreadCpuTime() - start, Long::sum);
            shares.put(n.name(), out);
        }
        scope.scope("output");
        return out;
    }

    /**
     * The secure argmax of the logits' shares, metered as a layer of its own named {@link #ARGMAX}: the
     * client's result is the label, the server's -1.
     */
    protected int argmax(long[] logitsShare, int bits) {
        scope.scope(ARGMAX);
        long start = THREADS.getCurrentThreadCpuTime();
        int label = ArgMax.argmax(session, ARGMAX, logitsShare, bits);
        cpuNanos.merge(ARGMAX, THREADS.getCurrentThreadCpuTime() - start, Long::sum);
        scope.scope("output");
        return label;
    }

    private long[] toWorkingRing(String node, String tensor, long[] share, int work) {
        int bits = plan.tensorBits(tensor);
        boolean nonNegative = !plan.architecture().tensor(tensor).range().signed();
        // The input is the client's alone (the server's share is zero), so it changes rings locally: a signed
        // input (an imported int8 model's) is sign-extended by the client.
        if (tensor.equals(QuantizedModel.INPUT) && bits < work && !nonNegative && !session.isServer()) {
            long[] extended = new long[share.length];
            for (int i = 0; i < share.length; i++) {
                extended[i] = (share[i] << (64 - bits)) >> (64 - bits);
            }
            return BitWidth.reduce(extended, work);
        }
        if (bits >= work || tensor.equals(QuantizedModel.INPUT)) {
            return BitWidth.reduce(share, work);
        }
        scope.scope(node);
        return BitWidth.extend(session, node + "/extend", share, bits, work, true,
                nonNegative ? Truncation.KnownSign.NON_NEGATIVE : Truncation.KnownSign.UNKNOWN);
    }

    /**
     * One node on shares in Z_2^work; the result is in the output tensor's ring Z_2^outBits. A layer kind
     * without a case here is refused, never passed through: the IR may gain a kind before the private runner
     * can run it.
     */
    long[] step(Node n, long[][] in, TensorShape inShape, int work, int outBits) {
        Layer layer = n.layer();
        String label = n.name();
        long[] x = in[0];
        long mask = ShareRing.mask(work);
        if (layer instanceof Conv2d || layer instanceof Linear) {
            Requantization r = layer.requant();
            int guard = plan.guardBits(n.name());
            long[] acc = linear(n, x);
            return guard == 0 ? requantize(label, acc, r, work, outBits) : requantizeGuarded(label, acc, r, work, outBits,
                    guard);
        }
        if (layer instanceof Pool p) {
            switch (p.kind()) {
                case MAX: {
                    Pooling.Window w = window(inShape, p.size(), p.stride());
                    return cheetah() ? CheetahMaxPool.maxPool(session, label, x, work, w)
                            : Pooling.maxPool(session, label, x, work, w);
                }
                case SUM:
                    return Pooling.sumPool(x, work, window(inShape, p.size(), p.stride()));
                case AVERAGE:
                    return requantize(label, Pooling.sumPool(x, work, window(inShape, p.size(), p.stride())), p.requant(),
                            work, outBits);
                case GLOBAL_AVERAGE:
                    return requantize(label, planeSums(x, inShape, mask), p.requant(), work, outBits);
                default:
                    throw unhandled(n);
            }
        }
        if (layer instanceof Add a) {
            long[] sum = new long[x.length];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = ((x[i] << a.shiftA()) + (in[1][i] << a.shiftB())) & mask;
            }
            return requantize(label, sum, a.requant(), work, outBits);
        }
        if (layer instanceof Square q) {
            return requantize(label, Multiplication.square(session, x, work), q.requant(), work, outBits);
        }
        if (layer instanceof Concat) {
            int total = 0;
            for (long[] s : in) {
                total += s.length;
            }
            long[] cat = new long[total];
            int offset = 0;
            for (long[] s : in) {
                System.arraycopy(s, 0, cat, offset, s.length);
                offset += s.length;
            }
            return cat;
        }
        if (layer instanceof Activation act) {
            if (!act.clipped()) {
                return Relu.relu(session, label, x, work);
            }
            return SecureRequantization.requantize(session, label, x, work, 1, 0, 0, act.max(), outBits,
                    plan.mode().truncation());
        }
        if (layer instanceof Flatten) {
            // Tensors travel flat in channel-major order already: flattening renames the shape, not the shares.
            return x;
        }
        throw unhandled(n);
    }

    private static IllegalArgumentException unhandled(Node n) {
        return new IllegalArgumentException("node '" + n.name() + "': the private runner has no protocol for op '"
                + (n.layer() == null ? "none" : n.layer().op()) + "'");
    }

    /**
     * Whether the nonlinear layers run as OpenCheetah runs them (its reduced-ring ReLU, known-MSB truncation and
     * max-pool, within one of the plaintext result) rather than the exact protocols of the other modes.
     */
    private boolean cheetah() {
        return plan.mode() == ProtocolMode.CHEETAH;
    }

    /** Per-channel sums over the whole plane (the local half of global average pooling). */
    private static long[] planeSums(long[] x, TensorShape s, long mask) {
        int plane = s.height() * s.width();
        long[] sums = new long[s.channels()];
        for (int c = 0; c < sums.length; c++) {
            long acc = 0;
            for (int i = 0; i < plane; i++) {
                acc += x[c * plane + i];
            }
            sums[c] = acc & mask;
        }
        return sums;
    }

    private static Pooling.Window window(TensorShape s, int size, int stride) {
        return new Pooling.Window(s.channels(), s.height(), s.width(), size, stride);
    }

    /**
     * The requantization of a guarded layer's result 2^g acc + e (|e| &lt;= 1) in a ring g bits wider: adding
     * 2^(g-1) and shifting g more bits gives exactly the plaintext requantization of acc (see
     * {@link LinearProtocol}).
     */
    private long[] requantizeGuarded(String label, long[] scaled, Requantization r, int work, int outBits, int guard) {
        int bits = work + guard;
        long mask = ShareRing.mask(bits);
        long[] x = scaled;
        if (session.isServer()) {
            x = new long[scaled.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (scaled[i] + (1L << (guard - 1))) & mask;
            }
        }
        return SecureRequantization.requantize(session, label + "/requant", x, bits, 1, r.shift() + guard,
                r.output().min(), r.output().max(), outBits, plan.mode().truncation());
    }

    private long[] requantize(String label, long[] acc, Requantization r, int work, int outBits) {
        if (plan.cheetahRequantization(label, r, work, outBits)) {
            return BitWidth.reduce(CheetahRequantization.requantize(session, label + "/requant", acc, work,
                    r.multiplier(), r.shift(), r.output().max(), plan.requantValueBits(label)), outBits);
        }
        if (RequantRules.widens(r)) {
            int wide = RequantRules.wideBits(r, work);
            long[] widened = BitWidth.extend(session, label + "/widen", acc, work, wide, true,
                    Truncation.KnownSign.UNKNOWN);
            return SecureRequantization.requantize(session, label + "/requant", widened, wide,
                    elementMultipliers(r, acc.length), r.commonShift(), r.min(), r.max(), outBits,
                    plan.mode().truncation());
        }
        return SecureRequantization.requantize(session, label + "/requant", acc, work, r.multiplier(), r.shift(),
                r.output().min(), r.output().max(), outBits, plan.mode().truncation());
    }

    /** Each element's multiplier under the common shift; outputs are channel-major (a channel's plane together). */
    private static long[] elementMultipliers(Requantization r, int n) {
        int channels = Math.max(1, r.channels());
        if (n % channels != 0) {
            throw new IllegalStateException(n + " outputs are not a whole number of " + channels + " channels");
        }
        int plane = n / channels;
        long[] m = new long[n];
        for (int i = 0; i < n; i++) {
            m[i] = r.commonMultiplier(i / plane);
        }
        return m;
    }
}
