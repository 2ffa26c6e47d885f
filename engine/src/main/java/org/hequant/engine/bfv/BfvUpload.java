package org.hequant.engine.bfv;

/**
 * The client's one message: serialized ciphertexts [channel][input position], each holding that position of every
 * image of the batch (one per slot), encrypted under that channel's plaintext prime.
 */
public record BfvUpload(int images, byte[][][] ciphertexts) {
    /** Bytes on the wire (the serialized ciphertexts themselves, not a formula). */
    public long bytes() {
        return BfvResponse.total(ciphertexts);
    }
}
