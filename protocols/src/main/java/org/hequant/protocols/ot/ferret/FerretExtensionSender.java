package org.hequant.protocols.ot.ferret;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hequant.he.sampling.Prg;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.ot.CorrelationRobustHash;

/**
 * One Ferret extension as the holder of Delta, run a chunk of noise blocks at a time so that memory stays
 * bounded and no more is computed or sent than the OTs used. Per block: a GGM tree from a fresh root gives
 * the leaves v; for every level the sums K_0, K_1 of its left and right children go out masked with the
 * hashes of base COT (q, q xor Delta), so the receiver, whose base choice bit fixes the hidden path, learns
 * every leaf but one; Delta xor (the sum of all leaves) lets it find that leaf plus Delta. The chunk's COT
 * keys are the leaves plus the LPN code applied to the secret's keys.
 */
final class FerretExtensionSender {
    private final LpnParameters params;
    private final long extension;
    /** The base COT keys: the LPN secret's k, then depth per block. */
    private final long[] base;
    /** The LPN secret's keys, where the code reads them. */
    private final LpnSecret secret;
    private final long deltaLo;
    private final long deltaHi;
    private final Prg prg;
    private final GgmTree tree = new GgmTree();
    private final LpnCode code;
    private final CorrelationRobustHash hash = new CorrelationRobustHash();
    /** A chunk's trees, grown in place into its leaves and then its COT keys, reused chunk after chunk. */
    private final long[] leaves;
    private int nextBlock;

    /** Takes over {@code secret}, the party's buffer for the LPN secret, until the extension is done. */
    FerretExtensionSender(LpnParameters params, long extension, long[] base, long deltaLo, long deltaHi, Prg prg,
            LpnSecret secret) {
        if (base.length != 2L * params.baseCots()) {
            throw new IllegalArgumentException(params.name() + " needs " + params.baseCots() + " base COTs, got "
                    + base.length / 2);
        }
        this.params = params;
        this.extension = extension;
        this.base = base;
        this.secret = secret;
        secret.set(base, params.k());
        this.deltaLo = deltaLo;
        this.deltaHi = deltaHi;
        this.prg = prg;
        this.code = new LpnCode(params.k());
        this.leaves = new long[2 * (FerretChunks.blocks(params, 0) << params.depth())];
    }

    boolean done() {
        return nextBlock == params.t();
    }

    /** COTs of the extension already handed out: the index of the next chunk's first COT. */
    long produced() {
        return (long) nextBlock << params.depth();
    }

    /**
     * Runs the next chunk: sends its message and returns its number of COTs, whose keys (2 words each) lead
     * {@link #keys()} until the next call.
     */
    int next(Channel channel) {
        int depth = params.depth();
        int blocks = FerretChunks.blocks(params, nextBlock);
        int count = blocks << depth;
        prg.nextLongs(leaves, 0, 2 * blocks);
        long[] sums = new long[4 * blocks * depth];
        for (int d = 0; d < depth; d++) {
            tree.expand(leaves, blocks, d, depth, sums);
        }
        ByteBuffer message = ByteBuffer.allocate(FerretChunks.messageBytes(params, blocks)).order(ByteOrder.LITTLE_ENDIAN);
        long[][] pads = pads(blocks);
        for (int b = 0; b < blocks; b++) {
            for (int d = 0; d < depth; d++) {
                int s = 4 * (b * depth + d);
                int p = 2 * (b * depth + d);
                message.putLong(sums[s] ^ pads[0][p]).putLong(sums[s + 1] ^ pads[0][p + 1]);
                message.putLong(sums[s + 2] ^ pads[1][p]).putLong(sums[s + 3] ^ pads[1][p + 1]);
            }
            // The last level's two sums add up to all the block's leaves.
            int last = 4 * (b * depth + depth - 1);
            message.putLong(deltaLo ^ sums[last] ^ sums[last + 2]).putLong(deltaHi ^ sums[last + 1] ^ sums[last + 3]);
        }
        channel.send(FerretOtExtension.LABEL_EXTENSION, message.array());
        code.encode(extension, produced(), leaves, count, secret);
        nextBlock += blocks;
        return count;
    }

    /** The COT keys of the last chunk, first; the buffer is reused by the next chunk. */
    long[] keys() {
        return leaves;
    }

    /** H(q) and H(q xor Delta) of the base COTs of this chunk's tree levels, tweaked by their index. */
    private long[][] pads(int blocks) {
        int count = blocks * params.depth();
        long[] q = new long[2 * count];
        long[] qDelta = new long[2 * count];
        int first = params.k() + nextBlock * params.depth();
        for (int i = 0; i < count; i++) {
            q[2 * i] = base[2 * (first + i)];
            q[2 * i + 1] = base[2 * (first + i) + 1];
            qDelta[2 * i] = q[2 * i] ^ deltaLo;
            qDelta[2 * i + 1] = q[2 * i + 1] ^ deltaHi;
        }
        long[] tweaks = FerretChunks.tweaks(extension, first, count);
        long[] pad0 = new long[2 * count];
        long[] pad1 = new long[2 * count];
        hash.hashTweaked(q, tweaks, pad0, count);
        hash.hashTweaked(qDelta, tweaks, pad1, count);
        return new long[][] {pad0, pad1};
    }
}
