package org.hequant.spark;

import java.io.Serializable;

/**
 * What one (batch, channel) task returns: its logits' residues mod the channel's prime, [logit][image], the
 * smallest noise budget left, the bytes of its serialized upload and result, and its times in nanoseconds
 * (wall and the CPU of its own threads over the whole task; keys, encryption, evaluation, decryption).
 */
public record BfvChannelResult(int batch, int channel, long[][] residues, int noiseBudget, long uploadBytes,
        long resultBytes, long keygenNanos, long encryptNanos, long evaluateNanos, long decryptNanos, long wallNanos,
        long cpuNanos) implements Serializable {
    public int images() {
        return residues[0].length;
    }
}
