package org.hequant.protocols.ot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.channel.ChannelException;

/**
 * One Ferret extension as the receiver, chunk by chunk in step with {@link FerretExtensionSender}. Its base
 * choice bit x at tree level d fixes the hidden path: it learns the sum K_x of that level's nodes on side x,
 * so the path goes to side not-x, and every node off the path follows level by level from the sums and
 * the nodes already known. The leaf on the path comes out as v + Delta, which makes the block's noise bit;
 * the LPN code then mixes in the secret's bits and values.
 */
final class FerretExtensionReceiver {
    /** A chunk of COTs: choice bits and, 2 words each, t_i = q_i xor bit_i Delta. */
    record Chunk(boolean[] bits, long[] macs) {
    }

    private final LpnParameters params;
    private final long extension;
    private final boolean[] baseBits;
    private final long[] baseMacs;
    private final GgmTree tree = new GgmTree();
    private final LpnCode code;
    private final CorrelationRobustHash hash = new CorrelationRobustHash();
    private int nextBlock;

    FerretExtensionReceiver(LpnParameters params, long extension, boolean[] baseBits, long[] baseMacs) {
        if (baseBits.length != params.baseCots() || baseMacs.length != 2L * params.baseCots()) {
            throw new IllegalArgumentException(params.name() + " needs " + params.baseCots() + " base COTs, got "
                    + baseBits.length);
        }
        this.params = params;
        this.extension = extension;
        this.baseBits = baseBits;
        this.baseMacs = baseMacs;
        this.code = new LpnCode(params.k());
    }

    boolean done() {
        return nextBlock == params.t();
    }

    long produced() {
        return (long) nextBlock << params.depth();
    }

    Chunk next(Channel channel) {
        int depth = params.depth();
        int blocks = FerretChunks.blocks(params, nextBlock);
        byte[] bytes = channel.receive();
        if (bytes.length != FerretChunks.messageBytes(params, blocks)) {
            throw new ChannelException("Ferret " + params.name() + " chunk at block " + nextBlock + " has "
                    + bytes.length + " bytes, expected " + FerretChunks.messageBytes(params, blocks));
        }
        ByteBuffer message = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int first = params.k() + nextBlock * depth;
        long[] pads = pads(first, blocks * depth);
        long[] known = new long[2 * blocks * depth];
        long[] total = new long[2 * blocks];
        for (int b = 0; b < blocks; b++) {
            for (int d = 0; d < depth; d++) {
                int i = b * depth + d;
                long[] sums = {message.getLong(), message.getLong(), message.getLong(), message.getLong()};
                int side = baseBits[first + i] ? 2 : 0;
                known[2 * i] = sums[side] ^ pads[2 * i];
                known[2 * i + 1] = sums[side + 1] ^ pads[2 * i + 1];
            }
            total[2 * b] = message.getLong();
            total[2 * b + 1] = message.getLong();
        }
        int[] path = new int[blocks];
        long[] level = new long[2 * blocks];
        for (int d = 0; d < depth; d++) {
            level = tree.expand(level, blocks << d);
            for (int b = 0; b < blocks; b++) {
                path[b] = fillSibling(level, b, d, first, known, path[b]);
            }
        }
        int leaves = 1 << depth;
        boolean[] noise = new boolean[blocks * leaves];
        for (int b = 0; b < blocks; b++) {
            int hidden = b * leaves + path[b];
            long lo = total[2 * b];
            long hi = total[2 * b + 1];
            for (int j = b * leaves; j < (b + 1) * leaves; j++) {
                lo ^= level[2 * j];
                hi ^= level[2 * j + 1];
            }
            level[2 * hidden] = lo;
            level[2 * hidden + 1] = hi;
            noise[hidden] = true;
        }
        long[] macs = code.encode(extension, produced(), level, baseMacs, noise, baseBits);
        nextBlock += blocks;
        return new Chunk(noise, macs);
    }

    /**
     * On tree level d + 1 of block b (path node {@code parent} on level d, whose children were expanded from a
     * placeholder): computes the child off the path from the known side sum and zeroes the one on the path.
     * Returns the path node's index on the new level.
     */
    private int fillSibling(long[] level, int b, int d, int first, long[] known, int parent) {
        int width = 2 << d;
        int i = b * params.depth() + d;
        int side = baseBits[first + i] ? 1 : 0;
        int sibling = 2 * parent + side;
        int onPath = 2 * parent + 1 - side;
        long lo = known[2 * i];
        long hi = known[2 * i + 1];
        for (int j = side; j < width; j += 2) {
            if (j != sibling) {
                lo ^= level[2 * (b * width + j)];
                hi ^= level[2 * (b * width + j) + 1];
            }
        }
        level[2 * (b * width + sibling)] = lo;
        level[2 * (b * width + sibling) + 1] = hi;
        level[2 * (b * width + onPath)] = 0;
        level[2 * (b * width + onPath) + 1] = 0;
        return onPath;
    }

    /** H(t) of the base COTs of this chunk's tree levels: the pad of the side sum the choice bit selects. */
    private long[] pads(int first, int count) {
        long[] t = new long[2 * count];
        System.arraycopy(baseMacs, 2 * first, t, 0, 2 * count);
        long[] pads = new long[2 * count];
        hash.hashTweaked(t, FerretChunks.tweaks(extension, first, count), pads, count);
        return pads;
    }
}
