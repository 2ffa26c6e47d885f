package org.hequant.models.onnx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hequant.models.onnx.proto.Onnx.AttributeProto;
import org.hequant.models.onnx.proto.Onnx.NodeProto;

/**
 * The attributes of one node, read with defaults. Construction rejects any attribute the importer does
 * not interpret, so a model whose meaning depends on one is never imported silently wrong.
 */
final class NodeAttributes {
    private final String where;
    private final Map<String, AttributeProto> byName = new HashMap<>();

    NodeAttributes(NodeProto node, String where, Set<String> understood) {
        this.where = where;
        for (AttributeProto a : node.getAttributeList()) {
            if (!understood.contains(a.getName())) {
                throw new OnnxImportException(where + ": attribute '" + a.getName() + "' not supported");
            }
            byName.put(a.getName(), a);
        }
    }

    long integer(String name, long fallback) {
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getI();
    }

    float real(String name, float fallback) {
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getF();
    }

    String string(String name, String fallback) {
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    long[] integers(String name, long[] fallback) {
        AttributeProto a = byName.get(name);
        return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
    }

    boolean has(String name) {
        return byName.containsKey(name);
    }

    /** Fails naming the attribute and its value. */
    OnnxImportException unsupported(String name, String value, String why) {
        return new OnnxImportException(where + ": " + name + " " + value + " not supported" + (why.isEmpty() ? "" : " (" + why + ")"));
    }

    void requireAll(String name, long[] values, long expected, String why) {
        for (long v : values) {
            if (v != expected) {
                throw unsupported(name, Arrays.toString(values), why);
            }
        }
    }

    /** auto_pad must leave the explicit pads in charge. */
    void requireExplicitPadding() {
        String autoPad = string("auto_pad", "NOTSET");
        if (!List.of("NOTSET", "VALID").contains(autoPad)) {
            throw unsupported("auto_pad", autoPad, "give explicit pads");
        }
    }
}
