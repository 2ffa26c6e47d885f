package org.hequant.models.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes the model format's little-endian fields. */
final class LittleEndianWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private void put(ByteBuffer b) {
        out.write(b.array(), 0, b.position());
    }

    private static ByteBuffer buffer(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    void u8(int v) {
        out.write(v);
    }

    void i32(int v) {
        put(buffer(4).putInt(v));
    }

    void i64(long v) {
        put(buffer(8).putLong(v));
    }

    void f32(float v) {
        put(buffer(4).putFloat(v));
    }

    void string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("string too long for the model format: " + s.length() + " chars");
        }
        put(buffer(2).putShort((short) b.length));
        out.writeBytes(b);
    }

    void i32Array(int[] v) {
        i32(v.length);
        ByteBuffer b = buffer(4 * v.length);
        b.asIntBuffer().put(v);
        b.position(4 * v.length);
        put(b);
    }

    void i64Array(long[] v) {
        i32(v.length);
        ByteBuffer b = buffer(8 * v.length);
        b.asLongBuffer().put(v);
        b.position(8 * v.length);
        put(b);
    }

    void f32Array(float[] v) {
        i32(v.length);
        ByteBuffer b = buffer(4 * v.length);
        b.asFloatBuffer().put(v);
        b.position(4 * v.length);
        put(b);
    }

    void bytes(byte[] b) {
        out.writeBytes(b);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }
}
