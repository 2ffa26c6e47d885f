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
