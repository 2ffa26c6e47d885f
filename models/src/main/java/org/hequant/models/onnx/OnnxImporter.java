package org.hequant.models.onnx;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hequant.models.ir.QuantizedModel;
import org.hequant.models.onnx.proto.Onnx.ModelProto;

/**
 * Reads a quantized ONNX model (QOperator or QDQ form) into the integer IR. The supported subset, the
 * zero-point handling and the fixed-point rounding are described in models/ONNX.md.
 */
public final class OnnxImporter {
    private OnnxImporter() {
    }

    public static QuantizedModel read(Path file) throws IOException {
        return importFile(file).model();
    }

    /** Imports a file, with what the import folded and how it approximated each requantization. */
    public static OnnxImport importFile(Path file) throws IOException {
        return importBytes(file.toString(), Files.readAllBytes(file));
    }

    /** Imports the bytes of an ONNX file; {@code file} names it in errors and, without its .onnx, the model. */
    public static QuantizedModel fromBytes(String file, byte[] data) {
        return importBytes(file, data).model();
    }

    /** As {@link #fromBytes}, with the import's notes. */
    public static OnnxImport importBytes(String file, byte[] data) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(data);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxImportException(file + ": not a readable ONNX model (" + e.getMessage() + ")", e);
        }
        String stem = Path.of(file).getFileName().toString().replaceFirst("\\.onnx$", "");
        try {
            return translate(model, stem);
        } catch (OnnxImportException e) {
            throw new OnnxImportException(file + ": " + e.getMessage(), e);
        }
    }

    /** Imports an in-memory model; {@code fallbackName} names it when its graph has no name. */
    public static QuantizedModel fromProto(ModelProto model, String fallbackName) {
        return translate(model, fallbackName).model();
    }

    private static OnnxImport translate(ModelProto model, String fallbackName) {
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new OnnxImportException("model has no graph");
        }
        String name = model.getGraph().getName().isEmpty() ? fallbackName : model.getGraph().getName();
        return new GraphTranslator(name, model.getGraph()).translate();
    }
}
