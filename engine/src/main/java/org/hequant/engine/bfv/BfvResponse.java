package org.hequant.engine.bfv;

/** The server's one message: serialized ciphertexts [channel][logit], one slot per image. */
public record BfvResponse(byte[][][] ciphertexts) {
    public long bytes() {
        return total(ciphertexts);
    }

    static long total(byte[][][] ciphertexts) {
        long bytes = 0;
        for (byte[][] channel : ciphertexts) {
            for (byte[] ct : channel) {
                bytes += ct.length;
            }
        }
        return bytes;
    }
}
