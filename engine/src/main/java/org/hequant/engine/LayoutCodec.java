package org.hequant.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.hequant.he.rlwe.RlweContext;
import org.hequant.models.ir.Conv2d;
import org.hequant.models.ir.Linear;
import org.hequant.models.ir.Node;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.protocols.linear.CompactedLayout;
import org.hequant.protocols.linear.ConvShape;
import org.hequant.protocols.linear.ConvTiling;
import org.hequant.protocols.linear.ExactFlooding;
import org.hequant.protocols.linear.FieldPackedConvLayout;
import org.hequant.protocols.linear.HomConvLayout;
import org.hequant.protocols.linear.HomDepthwiseLayout;
import org.hequant.protocols.linear.HomFcLayout;
import org.hequant.protocols.linear.LinearCost;
import org.hequant.protocols.linear.LinearLayout;
import org.hequant.protocols.linear.OnePrimeBudget;
import org.hequant.protocols.linear.PackingDimension;
import org.hequant.protocols.linear.ResharingMode;
import org.hequant.protocols.sharing.ShareRing;

/**
 * One linear layer's chosen protocol in the plan's wire form ({@link PlanCodec}): the layout kind, then the
 * re-sharing and guard bits, then what fully determines the layout beside the layer's shape (which the
 * architecture gives): the share ring, the RNS level, the tiling C_n x H_n x W_n / M_n and interleaving of a
 * HomConv layout, the diagonal tiling of a depthwise one, the members merged by compaction, the packing
 * dimension, fields and field bits, the block shape of a HomFC layout. Reading rebuilds the layout from the
 * node's shape and refuses any choice the mode does not allow or whose noise does not fit, naming the layer
 * and the field.
 */
final class LayoutCodec {
    /** The layout kinds; the order is the wire form: append, never reorder. */
    private enum Kind { FC, CONV, DEPTHWISE, COMPACTED, FIELD_PACKED }

    private LayoutCodec() {
    }

    static void write(DataOutputStream out, LinearProtocol p) throws IOException {
        LinearLayout layout = p.layout();
        Kind kind = kindOf(layout);
        out.writeByte(kind.ordinal());
        out.writeByte(p.resharing().ordinal());
        out.writeByte(p.guardBits());
        switch (kind) {
            case FC -> {
                HomFcLayout fc = (HomFcLayout) layout;
                out.writeByte(fc.ring().bits());
                out.writeInt(fc.rowsPerBlock());
                out.writeInt(fc.colsPerBlock());
            }
            case CONV -> writeConv(out, (HomConvLayout) layout);
            case DEPTHWISE -> {
                HomDepthwiseLayout d = (HomDepthwiseLayout) layout;
                out.writeByte(d.ring().bits());
                out.writeInt(d.tiling().channels());
                out.writeInt(d.tiling().rows());
                out.writeInt(d.tiling().cols());
            }
            case COMPACTED -> {
                CompactedLayout c = (CompactedLayout) layout;
                out.writeInt(c.membersPerResponse());
                writeConv(out, (HomConvLayout) c.inner());
            }
            case FIELD_PACKED -> {
                FieldPackedConvLayout f = (FieldPackedConvLayout) layout;
                out.writeByte(f.dimension().ordinal());
                out.writeByte(f.fields());
                out.writeByte(f.fieldBits());
                writeConv(out, f.inner());
            }
        }
    }

    private static Kind kindOf(LinearLayout layout) {
        if (layout instanceof HomFcLayout) {
            return Kind.FC;
        } else if (layout instanceof HomConvLayout) {
            return Kind.CONV;
        } else if (layout instanceof HomDepthwiseLayout) {
            return Kind.DEPTHWISE;
        } else if (layout instanceof CompactedLayout c && c.inner() instanceof HomConvLayout) {
            return Kind.COMPACTED;
        } else if (layout instanceof FieldPackedConvLayout) {
            return Kind.FIELD_PACKED;
        }
        throw new IllegalStateException(layout.name() + ": no wire form for layout " + layout);
    }

    private static void writeConv(DataOutputStream out, HomConvLayout c) throws IOException {
        out.writeByte(c.ring().bits());
        out.writeByte(c.level());
        out.writeByte(c.interleaved() ? 1 : 0);
        out.writeInt(c.tiling().channels());
        out.writeInt(c.tiling().rows());
        out.writeInt(c.tiling().cols());
        out.writeInt(c.tiling().filters());
    }

    /**
     * Node {@code n}'s protocol as written by {@link #write}, checked against the architecture, the rings, the
     * RLWE parameters and the mode; an {@link IllegalArgumentException} "layer 'name': field ..." otherwise.
     */
    static LinearProtocol read(DataInputStream in, Node n, QuantizedModel architecture, RingAssignment rings,
            RlweContext context, ProtocolMode mode) throws IOException {
        return new Reader(in, n, architecture, rings, context, mode).read();
    }

    /** The reading of one layer: its node and the plan's parts it is checked against. */
    private static final class Reader {
        private final DataInputStream in;
        private final Node n;
        private final QuantizedModel architecture;
        private final RlweContext context;
        private final ProtocolMode mode;
        private final int nodeBits;

        Reader(DataInputStream in, Node n, QuantizedModel architecture, RingAssignment rings, RlweContext context,
                ProtocolMode mode) {
            this.in = in;
            this.n = n;
            this.architecture = architecture;
            this.context = context;
            this.mode = mode;
            this.nodeBits = rings.nodeBits(n.name());
        }

        LinearProtocol read() throws IOException {
            Kind kind = Kind.values()[bounded("layout kind", in.readUnsignedByte(), 0, Kind.values().length - 1)];
            ResharingMode resharing = ResharingMode.values()[bounded("re-sharing", in.readUnsignedByte(), 0,
                    ResharingMode.values().length - 1)];
            int guard = in.readUnsignedByte();
            if (guard != 0 && guard != LinearProtocol.GUARD_BITS) {
                throw refused("guard bits " + guard + ", not 0 or " + LinearProtocol.GUARD_BITS);
            }
            boolean fc = n.layer() instanceof Linear;
            if (fc != (kind == Kind.FC)) {
                throw refused("layout kind " + kind + " for a " + n.layer().op() + " layer");
            }
            LinearLayout layout = guard == 0 ? unguarded(kind, resharing) : guarded(kind, resharing);
            long he = new LinearCost(context, layout.ring()).layoutBytes(layout);
            return new LinearProtocol(layout, resharing, guard, he, he);
        }

        /** A layer without guard bits: the mode's re-sharing, the node's ring, uploads at every prime. */
        private LinearLayout unguarded(Kind kind, ResharingMode resharing) throws IOException {
            if (resharing != mode.resharing()) {
                throw refused("re-sharing " + resharing + " without guard bits; the " + mode.cliName() + " mode re-shares "
                        + mode.resharing());
            }
            LinearLayout layout = switch (kind) {
                case FC -> fcLayout();
                case CONV -> convLayout(LinearLayout.TOP_LEVEL, nodeBits);
                case DEPTHWISE -> depthwiseLayout();
                default -> throw refused("layout kind " + kind + " needs guard bits");
            };
            int weightBits = n.layer() instanceof Conv2d c ? c.weightBits() : ((Linear) n.layer()).weightBits();
            if (resharing == ResharingMode.EXACT && !ExactFlooding.fits(context, layout, weightBits - 1)) {
                throw refused("ring of " + layout.ring().bits() + " bits leaves no room for the exact re-sharing's "
                        + "flood in the " + InferencePlan.primeBits(context) + "-bit primes");
            }
            return layout;
        }

        /**
         * A guarded layer ({@link LinearProtocol}): approximate re-sharing in a ring {@link LinearProtocol#GUARD_BITS}
         * wider than the node's, where the mode and the following requantization allow it, and only layouts
         * whose noise fits the primes they use.
         */
        private LinearLayout guarded(Kind kind, ResharingMode resharing) throws IOException {
            if (!(n.layer() instanceof Conv2d c)) {
                throw refused("guard bits on a " + n.layer().op() + " layer");
            }
            if (!LinearProtocol.mayGuard(mode, c, c.requant())) {
                throw refused("guard bits: the " + mode.cliName() + " mode or the layer's requantization "
                        + c.requant() + " does not allow them");
            }
            if (resharing != ResharingMode.APPROXIMATE) {
                throw refused("re-sharing " + resharing + " with guard bits; they come with APPROXIMATE re-sharing");
            }
            int bits = nodeBits + LinearProtocol.GUARD_BITS;
            int weightBits = c.weightBits() - 1 + LinearProtocol.GUARD_BITS;
            switch (kind) {
                case CONV -> {
                    HomConvLayout layout = convLayout(-1, bits);
                    if (layout.levelIn(context) == 1 && !OnePrimeBudget.fits(context, layout, weightBits)) {
                        throw refused("level 1: the product noise does not fit the first prime");
                    }
                    return layout;
                }
                case COMPACTED -> {
                    if (!mode.compacts() || context.maxLevel() != 2) {
                        throw refused("compaction: not in the " + mode.cliName() + " mode at " + context.maxLevel()
                                + " primes");
                    }
                    int members = bounded("compaction members", in.readInt(), 2, context.degree());
                    HomConvLayout inner = convLayout(-1, bits);
                    CompactedLayout layout = new CompactedLayout(inner, members);
                    if (!OnePrimeBudget.fitsCompacted(context, layout, weightBits)) {
                        throw refused("compaction of " + members + " responses: the noise does not fit the first prime");
                    }
                    return layout;
                }
                case FIELD_PACKED -> {
                    if (!mode.packsFields()) {
                        throw refused("field packing: not in the " + mode.cliName() + " mode");
                    }
                    int d = bounded("packing dimension", in.readUnsignedByte(), 0,
                            PackingDimension.values().length - 1);
                    PackingDimension dimension = PackingDimension.values()[d];
                    if (dimension.packsImages()) {
                        throw refused("packing dimension " + dimension + ": a session runs one image");
                    }
                    int fields = in.readUnsignedByte();
                    int fieldBits = in.readUnsignedByte();
                    if (fieldBits != bits) {
                        throw refused("field bits " + fieldBits + ", the guarded ring has " + bits);
                    }
                    bounded("packed fields", fields, 2, LinearCost.maxShareBits(context) / fieldBits);
                    HomConvLayout inner = convLayout(-1, fields * fieldBits);
                    FieldPackedConvLayout layout = new FieldPackedConvLayout(inner, dimension, fields, fieldBits);
                    if (inner.levelIn(context) == 1 && !OnePrimeBudget.fitsPacked(context, layout, weightBits)) {
                        throw refused("level 1: the packed product noise does not fit the first prime");
                    }
                    return layout;
                }
                default -> throw refused("layout kind " + kind + " with guard bits");
            }
        }

        private HomFcLayout fcLayout() throws IOException {
            Linear l = (Linear) n.layer();
            ShareRing ring = ring(nodeBits);
            int rows = bounded("FC rows per block", in.readInt(), 1, context.degree());
            int cols = bounded("FC columns per block", in.readInt(), 1, context.degree());
            return build(() -> new HomFcLayout(n.name(), l.inFeatures(), l.outFeatures(), ring, context.degree(),
                    rows, cols));
        }

        /**
         * A HomConv layout of the node's shape in a ring of {@code bits} bits, at any level ({@code level} &lt; 0)
         * or required to be {@code level}, interleaved or not.
         */
        private HomConvLayout convLayout(int level, int bits) throws IOException {
            ShareRing ring = ring(bits);
            int read = bounded("level", in.readUnsignedByte(), 0, context.maxLevel());
            if (level >= 0 && read != level) {
                throw refused("level " + read + " without guard bits; such layers upload at every prime ("
                        + LinearLayout.TOP_LEVEL + ")");
            }
            boolean interleaved = bounded("interleaving", in.readUnsignedByte(), 0, 1) == 1;
            ConvTiling tiling = tiling(true);
            ConvShape shape = shape();
            return build(() -> new HomConvLayout(n.name(), shape, tiling, ring, context.degree(), read, interleaved));
        }

        private HomDepthwiseLayout depthwiseLayout() throws IOException {
            ShareRing ring = ring(nodeBits);
            ConvTiling tiling = tiling(false);
            ConvShape shape = shape();
            return build(() -> new HomDepthwiseLayout(n.name(), shape, tiling, ring, context.degree()));
        }

        private ConvTiling tiling(boolean withFilters) throws IOException {
            int degree = context.degree();
            int channels = bounded("tile channels", in.readInt(), 1, degree);
            int rows = bounded("tile rows", in.readInt(), 1, degree);
            int cols = bounded("tile columns", in.readInt(), 1, degree);
            int filters = withFilters ? bounded("tile filters", in.readInt(), 1, degree) : 1;
            return new ConvTiling(channels, rows, cols, filters);
        }

        private ConvShape shape() {
            return LayerProtocolPlanner.convShape((Conv2d) n.layer(),
                    architecture.tensor(n.inputs().get(0)).shape());
        }

        private ShareRing ring(int expected) throws IOException {
            int bits = in.readUnsignedByte();
            if (bits != expected || bits > LinearCost.maxShareBits(context)) {
                throw refused("share ring of " + bits + " bits; the plan's rings give " + expected + " (at most "
                        + LinearCost.maxShareBits(context) + " at these RLWE parameters)");
            }
            return new ShareRing(bits);
        }

        private int bounded(String field, int value, int min, int max) {
            if (value < min || value > max) {
                throw refused(field + " " + value + ", not in [" + min + ", " + max + "]");
            }
            return value;
        }

        private <T> T build(java.util.function.Supplier<T> layout) {
            try {
                return layout.get();
            } catch (IllegalArgumentException e) {
                throw refused(e.getMessage());
            }
        }

        private IllegalArgumentException refused(String what) {
            return new IllegalArgumentException("layer '" + n.name() + "': " + what);
        }
    }
}
