package org.hequant.models.onnx;

/** An ONNX model the importer cannot read or cannot map exactly onto the integer IR; the message names the node. */
public class OnnxImportException extends RuntimeException {
    public OnnxImportException(String message) {
        super(message);
    }

    public OnnxImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
