package org.hequant.models.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads the model format's little-endian fields with bounds checks: every read names the field, and
 * array lengths are checked against the bytes left before anything is allocated.
 */
final class LittleEndianReader {
    private final String file;
    private final ByteBuffer in;
    private String context = "header";

    LittleEndianReader(String file, byte[] data) {
        this.file = file;
        this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    void context(String context) {
        this.context = context;
    }

    ModelFormatException error(String field, String problem) {
        return new ModelFormatException("model file " + file + ": " + context + ", field '" + field + "' at offset "
                + in.position() + ": " + problem);
    }

    private void need(String field, long bytes) {
        if (bytes < 0 || bytes > in.remaining()) {
            throw error(field, "truncated (needs " + bytes + " bytes, " + in.remaining() + " left)");
        }
    }

    int u8(String field) {
        need(field, 1);
        return in.get() & 0xff;
    }

    int i32(String field) {
        need(field, 4);
        return in.getInt();
    }

    int positive(String field) {
        int v = i32(field);
        if (v < 0) {
            throw error(field, "negative value " + v);
        }
        return v;
    }

    long i64(String field) {
        need(field, 8);
        return in.getLong();
    }

    /** A float that must be finite: the model format stores only scales and normalization constants. */
    float f32(String field) {
        need(field, 4);
        float v = in.getFloat();
        if (!Float.isFinite(v)) {
            in.position(in.position() - 4);
            throw error(field, "non-finite value " + v);
        }
        return v;
    }

    String string(String field) {
        need(field, 2);
        int length = in.getShort() & 0xffff;
        need(field, length);
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    int[] i32Array(String field) {
        int count = positive(field + " count");
        need(field, 4L * count);
        int[] v = new int[count];
        in.asIntBuffer().get(v);
        in.position(in.position() + 4 * count);
        return v;
    }

    long[] i64Array(String field) {
        int count = positive(field + " count");
        need(field, 8L * count);
        long[] v = new long[count];
        in.asLongBuffer().get(v);
        in.position(in.position() + 8 * count);
        return v;
    }

    float[] f32Array(String field) {
        int count = positive(field + " count");
        need(field, 4L * count);
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = f32(field + "[" + i + "]");
        }
        return v;
    }

    byte[] bytes(String field, int count) {
        need(field, count);
        byte[] b = new byte[count];
        in.get(b);
        return b;
    }

    int remaining() {
        return in.remaining();
    }
}
