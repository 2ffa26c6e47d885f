package org.hequant.protocols.ot.ferret;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.hequant.protocols.channel.Channel;
import org.hequant.protocols.channel.ChannelException;
import org.hequant.protocols.ot.CorrelationRobustHash;

/**
 * One Ferret extension as the receiver, chunk by chunk in step with {@link FerretExtensionSender}. Its base
 * choice bit x at tree level d fixes the hidden path: it learns the sum K_x of that level's nodes on side x,
 * so the path goes to side not-x, and every node off the path follows level by level from the sums and
 * the nodes already known. The leaf on the path comes out as v + Delta, which makes the block's noise bit;
 * the LPN code then mixes in the secret's bits and values.
 */
final class FerretExtensionReceiver {
    private final LpnParameters params;
    private final long extension;
    private final boolean[] baseBits;
    private final long[] baseMacs;
    /** The LPN secret's t_i, where the code reads them. */
    private final LpnSecret secret;
    /** The LPN secret's choice bits (the first k base bits), 64 a word: small enough for the core's cache. */
    private final long[] secretBits;
    private final GgmTree tree = new GgmTree();
    private final LpnCode code;
    private final CorrelationRobustHash hash = new CorrelationRobustHash();
    /** A chunk's trees, grown in place into its leaves and then its COTs' t_i, reused chunk after chunk. */
    private final long[] leaves;
    /** A chunk's noise positions, then its COTs' choice bits. */
    private final boolean[] bits;
    private int nextBlock;

    /** Takes over {@code secret}, the party's buffer for the LPN secret, until the extension is done. */
    FerretExtensionReceiver(LpnParameters params, long extension, boolean[] baseBits, long[] baseMacs, LpnSecret secret) {
        if (baseBits.length != params.baseCots() || baseMacs.length != 2L * params.baseCots()) {
            throw new IllegalArgumentException(params.name() + " needs " + params.baseCots() + " base COTs, got "
                    + baseBits.length);
        }
        this.params = params;
        this.extension = extension;
        this.baseBits = baseBits;
        this.baseMacs = baseMacs;
        this.secret = secret;
        secret.set(baseMacs, params.k());
        this.secretBits = new long[(params.k() + 63) / 64];
        for (int i = 0; i < params.k(); i++) {
            secretBits[i >>> 6] |= (baseBits[i] ? 1L : 0L) << i;
        }
        this.code = new LpnCode(params.k());
        int maxCount = FerretChunks.blocks(params, 0) << params.depth();
        this.leaves = new long[2 * maxCount];
        this.bits = new boolean[maxCount];
    }

    boolean done() {
        return nextBlock == params.t();
    }

    long produced() {
        return (long) nextBlock << params.depth();
    }

    /**
     * Runs the next chunk and returns its number of COTs, whose t_i (2 words each) lead {@link #macs()} and whose
     * choice bits, from COT {@code bitsFrom} of the chunk on, lead {@link #bits()} until the next call. The bits
     * before {@code bitsFrom} are left out: the receiver's usable COTs take theirs from {@link FerretChoiceBits}.
     */
    int next(Channel channel, int bitsFrom) {
        int depth = params.depth();
        int blocks = FerretChunks.blocks(params, nextBlock);
        int count = blocks << depth;
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
        long[] sums = new long[4 * blocks * depth];
        Arrays.fill(leaves, 0, 2 * blocks, 0);
        for (int d = 0; d < depth; d++) {
            tree.expand(leaves, blocks, d, depth, sums);
            for (int b = 0; b < blocks; b++) {
                path[b] = fillSibling(b, d, first, known, sums, path[b]);
            }
        }
        Arrays.fill(bits, 0, count, false);
        for (int b = 0; b < blocks; b++) {
            // The last level's two sums add up to all the block's leaves, the hidden one held at zero.
            int last = 4 * (b * depth + depth - 1);
            int hidden = (b << depth) + path[b];
            leaves[2 * hidden] = total[2 * b] ^ sums[last] ^ sums[last + 2];
            leaves[2 * hidden + 1] = total[2 * b + 1] ^ sums[last + 1] ^ sums[last + 3];
            bits[hidden] = true;
        }
        code.encode(extension, produced(), leaves, count, secret);
        if (bitsFrom < count) {
            code.parities(extension, produced() + bitsFrom, count - bitsFrom, bits, bitsFrom, secretBits);
        }
        nextBlock += blocks;
        return count;
    }

    /** The choice bits of the last chunk, first; the buffer is reused by the next chunk. */
    boolean[] bits() {
        return bits;
    }

    /** The t_i of the last chunk, first; the buffer is reused by the next chunk. */
    long[] macs() {
        return leaves;
    }

    /**
     * On tree level d + 1 of block b (path node {@code parent} on level d, whose children were expanded from a
     * placeholder): computes the child off the path from the known side sum and zeroes the one on the path,
     * correcting the level's sums to the true nodes. Returns the path node's index on the new level.
     */
    private int fillSibling(int b, int d, int first, long[] known, long[] sums, int parent) {
        int i = b * params.depth() + d;
        int side = baseBits[first + i] ? 1 : 0;
        int sibling = 2 * ((b << d) + parent) + side;
        int onPath = 2 * ((b << d) + parent) + 1 - side;
        int s = 4 * i + 2 * side;
        int o = 4 * i + 2 - 2 * side;
        // The side sum counted the placeholder's child at the sibling; the known sum is the true one.
        long lo = known[2 * i] ^ sums[s] ^ leaves[2 * sibling];
        long hi = known[2 * i + 1] ^ sums[s + 1] ^ leaves[2 * sibling + 1];
        sums[s] = known[2 * i];
        sums[s + 1] = known[2 * i + 1];
        sums[o] ^= leaves[2 * onPath];
        sums[o + 1] ^= leaves[2 * onPath + 1];
        leaves[2 * sibling] = lo;
        leaves[2 * sibling + 1] = hi;
        leaves[2 * onPath] = 0;
        leaves[2 * onPath + 1] = 0;
        return onPath - 2 * (b << d);
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
