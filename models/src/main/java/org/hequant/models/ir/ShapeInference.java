package org.hequant.models.ir;

import java.util.List;

/** Output shape, value range and worst-case accumulator width of each layer kind. */
final class ShapeInference {
    record Result(TensorInfo output, int accumulatorBits) {
    }

    private ShapeInference() {
    }

    private static void arity(List<TensorInfo> in, int expected) {
        if (in.size() != expected) {
            throw new IllegalArgumentException("expects " + expected + " input(s), got " + in.size());
        }
    }

    static Result infer(Layer layer, List<TensorInfo> in) {
        if (layer instanceof Conv2d c) {
            arity(in, 1);
            TensorShape s = in.get(0).shape();
            if (s.channels() != c.inChannels()) {
                throw new IllegalArgumentException("input has " + s.channels() + " channels, layer expects " + c.inChannels());
            }
            int h = s.height() + c.padTop() + c.padBottom() - c.kernelH();
            int w = s.width() + c.padLeft() + c.padRight() - c.kernelW();
            if (h < 0 || w < 0) {
                throw new IllegalArgumentException("kernel larger than the padded input " + s);
            }
            long bound = Weights.accumulatorBound(c.weights(), c.bias(), c.biasShift(), c.outChannels(), in.get(0).range());
            return new Result(new TensorInfo(new TensorShape(c.outChannels(), h / c.stride() + 1, w / c.stride() + 1),
                    c.requant().output()), ValueRange.signedBits(bound));
        }
        if (layer instanceof Linear l) {
            arity(in, 1);
            if (in.get(0).shape().size() != l.inFeatures()) {
                throw new IllegalArgumentException("input has " + in.get(0).shape().size() + " values, layer expects "
                        + l.inFeatures());
            }
            long bound = Weights.accumulatorBound(l.weights(), l.bias(), l.biasShift(), l.outFeatures(), in.get(0).range());
            return new Result(new TensorInfo(new TensorShape(l.outFeatures(), 1, 1), l.requant().output()),
                    ValueRange.signedBits(bound));
        }
        if (layer instanceof Pool p) {
            arity(in, 1);
            return pool(p, in.get(0));
        }
        if (layer instanceof Add a) {
            arity(in, 2);
            if (!in.get(0).shape().equals(in.get(1).shape())) {
                throw new IllegalArgumentException("adds " + in.get(0).shape() + " to " + in.get(1).shape());
            }
            long bound = (in.get(0).range().maxAbs() << a.shiftA()) + (in.get(1).range().maxAbs() << a.shiftB());
            return new Result(new TensorInfo(in.get(0).shape(), a.requant().output()), ValueRange.signedBits(bound));
        }
        if (layer instanceof Concat) {
            if (in.size() < 2) {
                throw new IllegalArgumentException("concat needs at least two inputs");
            }
            int channels = 0;
            for (TensorInfo t : in) {
                if (t.shape().height() != in.get(0).shape().height() || t.shape().width() != in.get(0).shape().width()
                        || !t.range().equals(in.get(0).range())) {
                    throw new IllegalArgumentException("concat inputs differ in spatial size or value range");
                }
                channels += t.shape().channels();
            }
            TensorShape s0 = in.get(0).shape();
            return new Result(new TensorInfo(new TensorShape(channels, s0.height(), s0.width()), in.get(0).range()), 0);
        }
        if (layer instanceof Flatten) {
            arity(in, 1);
            return new Result(new TensorInfo(new TensorShape(in.get(0).shape().size(), 1, 1), in.get(0).range()), 0);
        }
        if (layer instanceof Activation a) {
            arity(in, 1);
            ValueRange r = in.get(0).range();
            int bits = a.clipped() ? 64 - Long.numberOfLeadingZeros(Math.min(a.max(), r.max()))
                    : r.signed() ? Math.max(r.bits() - 1, 1) : r.bits();
            return new Result(new TensorInfo(in.get(0).shape(), new ValueRange(bits, false)), 0);
        }
        Square q = (Square) layer;
        arity(in, 1);
        long m = in.get(0).range().maxAbs();
        return new Result(new TensorInfo(in.get(0).shape(), q.requant().output()), ValueRange.signedBits(m * m));
    }

    private static Result pool(Pool p, TensorInfo in) {
        TensorShape s = in.shape();
        if (p.kind() == Pool.Kind.GLOBAL_AVERAGE) {
            long bound = in.range().maxAbs() * s.height() * s.width();
            return new Result(new TensorInfo(new TensorShape(s.channels(), 1, 1), p.requant().output()), ValueRange.signedBits(bound));
        }
        if (p.size() > s.height() || p.size() > s.width()) {
            throw new IllegalArgumentException("window " + p.size() + " larger than " + s);
        }
        TensorShape out = new TensorShape(s.channels(), (s.height() - p.size()) / p.stride() + 1,
                (s.width() - p.size()) / p.stride() + 1);
        long window = (long) p.size() * p.size();
        switch (p.kind()) {
            case MAX:
                return new Result(new TensorInfo(out, in.range()), 0);
            case SUM: {
                int bits = ValueRange.signedBits(in.range().maxAbs() * window);
                return new Result(new TensorInfo(out, new ValueRange(Math.min(bits, 62), true)), bits);
            }
            default:
                return new Result(new TensorInfo(out, p.requant().output()), ValueRange.signedBits(in.range().maxAbs() * window));
        }
    }
}
