package org.hequant.protocols.linear;

import static org.hequant.protocols.linear.FieldPackedConvLayout.NONE;

/**
 * What the K fields of a {@link FieldPackedConvLayout} coefficient hold (HEQuant's packing dimensions), and so
 * how packed uploads and responses map to the inner layout's, how kernels stack in a weight polynomial and
 * what the server adds before reading fields. The order is part of the engine's plan wire form.
 */
public enum PackingDimension {
    /** K spatial tiles of one channel group per upload; response r covers tiles of one filter group. */
    SPATIAL {
        @Override
        int uploads(Groups g) {
            return g.packed(g.tiles()) * g.channelGroups();
        }

        @Override
        int responses(Groups g) {
            return g.filterGroups() * g.packed(g.tiles());
        }

        @Override
        int innerUpload(Groups g, int p, int k) {
            int tile = (p / g.channelGroups()) * g.fields() + k;
            return tile < g.tiles() ? tile * g.channelGroups() + p % g.channelGroups() : NONE;
        }

        @Override
        int innerResponse(Groups g, int r, int k) {
            int tileGroups = g.packed(g.tiles());
            int tile = (r % tileGroups) * g.fields() + k;
            return tile < g.tiles() ? (r / tileGroups) * g.tiles() + tile : NONE;
        }
    },
    /** The spatial packing's tiles taken from K images: the inner plan once per field. */
    BATCH {
        @Override
        int uploads(Groups g) {
            return g.tiles() * g.channelGroups();
        }

        @Override
        int responses(Groups g) {
            return g.filterGroups() * g.tiles();
        }

        @Override
        int innerUpload(Groups g, int p, int k) {
            return p;
        }

        @Override
        int innerResponse(Groups g, int r, int k) {
            return r;
        }

        @Override
        public boolean packsImages() {
            return true;
        }
    },
    /** Uploads as the inner layout's, in field 0; K filter groups per response. */
    OUTPUT_CHANNELS {
        @Override
        int uploads(Groups g) {
            return g.tiles() * g.channelGroups();
        }

        @Override
        int responses(Groups g) {
            return g.packed(g.filterGroups()) * g.tiles();
        }

        @Override
        int innerUpload(Groups g, int p, int k) {
            return k == 0 ? p : NONE;
        }

        @Override
        int innerResponse(Groups g, int r, int k) {
            int fg = (r / g.tiles()) * g.fields() + k;
            return fg < g.filterGroups() ? fg * g.tiles() + r % g.tiles() : NONE;
        }

        /** Filter group G K + k's kernels in field k. */
        @Override
        void weightPolynomial(FieldPackedConvLayout layout, LinearWeights inner, int response, int upload,
                long[] poly) {
            int[] responses = layout.responseFields(response);
            layout.stackKernels(inner, k -> responses[k], k -> upload, k -> k, poly);
        }

        @Override
        int topKernelField(int fields) {
            return fields - 1;
        }
    },
    /** K channel groups per upload; the top field of a response sums their products. */
    INPUT_CHANNELS {
        @Override
        int uploads(Groups g) {
            return g.tiles() * g.packed(g.channelGroups());
        }

        @Override
        int responses(Groups g) {
            return g.filterGroups() * g.tiles();
        }

        @Override
        int innerUpload(Groups g, int p, int k) {
            int packedGroups = g.packed(g.channelGroups());
            int group = (p % packedGroups) * g.fields() + k;
            return group < g.channelGroups() ? (p / packedGroups) * g.channelGroups() + group : NONE;
        }

        @Override
        int innerResponse(Groups g, int r, int k) {
            return k == g.fields() - 1 ? r : NONE;
        }

        /** Channel group k's kernels in the reversed field K - 1 - k, so the products of like groups meet on top. */
        @Override
        void weightPolynomial(FieldPackedConvLayout layout, LinearWeights inner, int response, int upload,
                long[] poly) {
            int[] uploads = layout.uploadFields(upload);
            layout.stackKernels(inner, k -> response, k -> uploads[k], k -> layout.fields() - 1 - k, poly);
        }

        @Override
        int topKernelField(int fields) {
            return fields - 1;
        }

        /** Only the top field is read: lift it, and add half the fields below it to round their cross terms away. */
        @Override
        long unpackOffset(int fields, int fieldBits) {
            int top = (fields - 1) * fieldBits;
            return (1L << (fieldBits - 1) << top) + (1L << (top - 1));
        }

        @Override
        double summedTermsBits(int fields) {
            return Math.log(fields) / Math.log(2) / 2;
        }
    };

    abstract int uploads(Groups g);

    abstract int responses(Groups g);

    /** The inner upload field k of packed upload p holds ({@link FieldPackedConvLayout#NONE}: empty). */
    abstract int innerUpload(Groups g, int p, int k);

    /** The inner response field k of packed response r carries ({@link FieldPackedConvLayout#NONE}: none). */
    abstract int innerResponse(Groups g, int r, int k);

    /** Whether the fields hold different images (a session that runs one image cannot use it). */
    public boolean packsImages() {
        return false;
    }

    /** Images the packed input and output hold one after the other. */
    int images(int fields) {
        return packsImages() ? fields : 1;
    }

    /** The image whose values field k holds. */
    int imageOf(int field) {
        return packsImages() ? field : 0;
    }

    /** Writes packed (response, upload)'s weight polynomial: spatial and batch fields share one tile's kernels. */
    void weightPolynomial(FieldPackedConvLayout layout, LinearWeights inner, int response, int upload,
            long[] poly) {
        int r = FieldPackedConvLayout.firstInner(layout.responseFields(response));
        inner.weightPolynomial(r, FieldPackedConvLayout.firstInner(layout.uploadFields(upload)), poly);
    }

    /** The highest field a kernel enters, 2^(top s) scaling the weights and so the product noise. */
    int topKernelField(int fields) {
        return 0;
    }

    /** log2 of how much summing fields' products multiplies the product noise's standard deviation. */
    double summedTermsBits(int fields) {
        return 0;
    }

    /**
     * The public offset the server adds to a slot before fields are read: every field's digit lifted by
     * 2^(s-1), field 0 also by 1 against the re-sharing's -1.
     */
    long unpackOffset(int fields, int fieldBits) {
        long offset = 0;
        for (int k = 0; k < fields; k++) {
            offset += 1L << (fieldBits - 1) << (k * fieldBits);
        }
        return offset + 1;
    }

    /** The inner layout's counts that the dimensions map between: tiles, channel groups, filter groups, K. */
    record Groups(int fields, int tiles, int channelGroups, int filterGroups) {
        /** Blocks of K of {@code groups}: how many packed indices cover them. */
        int packed(int groups) {
            return Blocks.count(groups, fields);
        }
    }
}
