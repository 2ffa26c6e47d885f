package org.hequant.models.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.hequant.models.onnx.proto.Onnx.TensorProto;

/**
 * An initializer or Constant value decoded from a TensorProto: integer types as {@code long} values,
 * FLOAT as {@code float} values (the other array is null). Only the element types quantized models use
 * are decoded, from either the typed fields or {@code raw_data} (little-endian by the ONNX spec).
 */
record ConstantTensor(String name, int dataType, long[] dims, long[] ints, float[] floats) {
    static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    static final int UINT8 = TensorProto.DataType.UINT8_VALUE;
    static final int INT8 = TensorProto.DataType.INT8_VALUE;
    static final int INT32 = TensorProto.DataType.INT32_VALUE;
    static final int INT64 = TensorProto.DataType.INT64_VALUE;

    static ConstantTensor decode(TensorProto t) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            throw new OnnxImportException("tensor '" + t.getName() + "': external data files are not supported");
        }
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        int n = elementCount(t.getName(), dims);
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        boolean hasRaw = t.hasRawData();
        int type = t.getDataType();
        // the stored values are counted before anything is allocated, so a shape cannot ask for more memory
        // than the file itself holds
        if (type == FLOAT) {
            checkCount(t, hasRaw ? raw.remaining() / 4 : t.getFloatDataCount(), n);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = hasRaw ? raw.getFloat() : t.getFloatData(i);
            }
            return new ConstantTensor(t.getName(), type, dims, null, v);
        }
        long[] v;
        if (type == UINT8 || type == INT8) {
            checkCount(t, hasRaw ? raw.remaining() : t.getInt32DataCount(), n);
            v = new long[n];
            for (int i = 0; i < n; i++) {
                // the typed field stores each 8-bit value widened to int32; raw bytes need the sign applied
                int b = hasRaw ? raw.get() : t.getInt32Data(i);
                v[i] = type == UINT8 ? b & 0xff : (byte) b;
            }
        } else if (type == INT32) {
            checkCount(t, hasRaw ? raw.remaining() / 4 : t.getInt32DataCount(), n);
            v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = hasRaw ? raw.getInt() : t.getInt32Data(i);
            }
        } else if (type == INT64) {
            checkCount(t, hasRaw ? raw.remaining() / 8 : t.getInt64DataCount(), n);
            v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = hasRaw ? raw.getLong() : t.getInt64Data(i);
            }
        } else {
            throw new OnnxImportException("tensor '" + t.getName() + "': element type "
                    + TensorProto.DataType.forNumber(type) + " not supported");
        }
        return new ConstantTensor(t.getName(), type, dims, v, null);
    }

    /** The product of {@code dims}; every dimension must be in [0, 2^31) and the product must fit an int. */
    private static int elementCount(String name, long[] dims) {
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > Integer.MAX_VALUE) {
                throw new OnnxImportException("tensor '" + name + "': dimension " + i + " is " + dims[i]
                        + " (must be in [0, 2^31))");
            }
            count *= dims[i];
            if (count > Integer.MAX_VALUE) {
                throw new OnnxImportException("tensor '" + name + "': shape " + Arrays.toString(dims)
                        + " has more than 2^31 - 1 elements");
            }
        }
        return (int) count;
    }

    private static void checkCount(TensorProto t, int stored, int expected) {
        if (stored != expected) {
            throw new OnnxImportException("tensor '" + t.getName() + "': " + stored + " stored values for shape "
                    + t.getDimsList());
        }
    }

    int size() {
        return ints != null ? ints.length : floats.length;
    }

    /** The integer values; a float tensor where the operator needs integers is refused, naming it. */
    @Override
    public long[] ints() {
        if (ints == null) {
            throw new OnnxImportException("tensor '" + name + "': integer values expected, it holds "
                    + TensorProto.DataType.forNumber(dataType));
        }
        return ints;
    }

    /** The float values; an integer tensor where the operator needs floats is refused, naming it. */
    @Override
    public float[] floats() {
        if (floats == null) {
            throw new OnnxImportException("tensor '" + name + "': float values expected, it holds "
                    + TensorProto.DataType.forNumber(dataType));
        }
        return floats;
    }

    /** A Cast of this constant, folded at import: integers to any supported type they fit, floats to integers only when integral. */
    ConstantTensor castTo(int type, String newName, String where) {
        if (type == FLOAT) {
            float[] f = new float[size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) real(i);
            }
            return new ConstantTensor(newName, FLOAT, dims, null, f);
        }
        long lo = type == UINT8 ? 0 : type == INT8 ? -128 : type == INT32 ? Integer.MIN_VALUE : type == INT64 ? Long.MIN_VALUE : 1;
        long hi = type == UINT8 ? 255 : type == INT8 ? 127 : type == INT32 ? Integer.MAX_VALUE : type == INT64 ? Long.MAX_VALUE : 0;
        if (lo > hi) {
            throw new OnnxImportException(where + ": cast of constant '" + name + "' to "
                    + TensorProto.DataType.forNumber(type) + " not supported");
        }
        long[] v = new long[size()];
        for (int i = 0; i < v.length; i++) {
            double r = real(i);
            v[i] = ints != null ? ints[i] : (long) r;
            if ((ints == null && r != Math.rint(r)) || v[i] < lo || v[i] > hi) {
                throw new OnnxImportException(where + ": value " + r + " of constant '" + name + "' does not fit "
                        + TensorProto.DataType.forNumber(type));
            }
        }
        return new ConstantTensor(newName, type, dims, v, null);
    }

    /** ConstantOfShape: {@code shape} filled with the one element of {@code value} (float 0 when null). */
    static ConstantTensor filled(String name, long[] shape, ConstantTensor value, String where) {
        long count = 1;
        for (long d : shape) {
            if (d < 0 || d > 1 << 24) {
                throw new OnnxImportException(where + ": shape " + java.util.Arrays.toString(shape) + " not supported");
            }
            count *= d;
        }
        if (count > 1 << 24) {
            throw new OnnxImportException(where + ": shape " + java.util.Arrays.toString(shape) + " too large");
        }
        int n = (int) count;
        if (value == null || value.isFloat()) {
            float[] f = new float[n];
            java.util.Arrays.fill(f, value == null ? 0f : value.floats()[0]);
            return new ConstantTensor(name, FLOAT, shape.clone(), null, f);
        }
        long[] v = new long[n];
        java.util.Arrays.fill(v, value.ints()[0]);
        return new ConstantTensor(name, value.dataType(), shape.clone(), v, null);
    }

    /** The same values under another name (a Constant node's output). */
    ConstantTensor named(String newName) {
        return new ConstantTensor(newName, dataType, dims, ints, floats);
    }

    boolean isFloat() {
        return floats != null;
    }

    boolean isInteger() {
        return ints != null;
    }

    /** Value i as a real number, whichever the element type. */
    double real(int i) {
        return floats != null ? floats[i] : ints[i];
    }
}
