package org.hequant.protocols.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.Stream;
import org.hequant.protocols.linear.PackingDimension;
import org.hequant.protocols.sharing.ShareRing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Intra-coefficient packing against the plaintext convolution: guarded weights (2 W, 2 b) make every field
 * hold z = 2 y, which must decode to z or z - 1 and so to y exactly, for every dimension and every K the
 * 46-bit ring bound allows with 11-bit fields (2-bit weights and activations over 8 x 3 x 3 taps).
 */
class FieldPackingTest {
    private static final ConvShape SHAPE = ConvShape.of(8, 14, 14, 6, 3, 1, 1);
    /** Two channels per upload, 4 x 4 outputs per tile: 16 tiles, 4 channel groups, 6 filter groups. */
    private static final ConvTiling TILING = new ConvTiling(2, 6, 6);
    private static final int FIELD_BITS = 11;

    static Stream<Arguments> variants() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (PackingDimension d : PackingDimension.values()) {
            for (int k = 2; k * FIELD_BITS <= LinearCost.maxShareBits(LinearFixture.CONTEXT); k++) {
                b.add(Arguments.of(d, k));
            }
        }
        return b.build();
    }

    private static FieldPackedConvLayout layout(PackingDimension d, int fields, int level) {
        ShareRing packed = new ShareRing(fields * FIELD_BITS);
        HomConvLayout inner = new HomConvLayout("packed", SHAPE, TILING, packed, LinearFixture.CONTEXT.degree(), level,
                false);
        return new FieldPackedConvLayout(inner, d, fields, FIELD_BITS);
    }

    /** Runs the packed layer on signed inputs and weights and checks each field against 2 y. */
    private static void check(FieldPackedConvLayout layout, long[] input, long[] filters, long[] bias, Random r) {
        ShareRing packed = layout.ring();
        ShareRing field = layout.outputRing();
        long[] out = new LinearFixture().run(layout, new FieldPackedWeights(layout,
                new ConvWeights(layout.inner(), doubled(filters, packed), doubled(bias, packed))), reduce(input, packed),
                ResharingMode.APPROXIMATE, r);
        int images = layout.inputSize() / SHAPE.inputSize();
        ShareRing wide = new ShareRing(60);
        for (int image = 0; image < images; image++) {
            long[] x = reduce(java.util.Arrays.copyOfRange(input, image * SHAPE.inputSize(),
                    (image + 1) * SHAPE.inputSize()), wide);
            long[] y = PlainLinear.conv(SHAPE, x, reduce(filters, wide), reduce(bias, wide), wide);
            for (int i = 0; i < y.length; i++) {
                long expected = signed(y[i], 60);
                long got = field.reduce(out[image * y.length + i]);
                long error = signed(field.sub(got, field.reduce(2 * expected)), FIELD_BITS);
                assertTrue(error == 0 || error == -1, layout.dimension() + " K=" + layout.fields() + " output " + i
                        + " of image " + image + ": 2y = " + 2 * expected + ", field holds " + signed(got, FIELD_BITS));
                assertEquals(expected, Math.floorDiv(signed(got, FIELD_BITS) + 1, 2));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("variants")
    void packedConvolutionDecodesToThePlaintextResult(PackingDimension d, int fields) {
        Random r = new Random(31L * d.ordinal() + fields);
        FieldPackedConvLayout layout = layout(d, fields, LinearLayout.TOP_LEVEL);
        check(layout, signedValues(r, layout.inputSize(), 2), signedValues(r, SHAPE.weightCount(), 2),
                signedValues(r, SHAPE.filters(), 4), r);
    }

    @ParameterizedTest
    @MethodSource("variants")
    void worstCaseAccumulatorsOfBothSigns(PackingDimension d, int fields) {
        Random r = new Random(fields);
        FieldPackedConvLayout layout = layout(d, fields, LinearLayout.TOP_LEVEL);
        long[] input = new long[layout.inputSize()];
        java.util.Arrays.fill(input, 3);
        long[] filters = new long[SHAPE.weightCount()];
        // Filters alternate between all -2 (the most negative sum) and all +1, so neighbouring fields differ in sign.
        int perFilter = SHAPE.weightCount() / SHAPE.filters();
        for (int i = 0; i < filters.length; i++) {
            filters[i] = (i / perFilter) % 2 == 0 ? -2 : 1;
        }
        check(layout, input, filters, new long[SHAPE.filters()], r);
    }

    @Test
    void spatialPackingFitsOnePrimeAndHalvesTheUploads() {
        FieldPackedConvLayout layout = layout(PackingDimension.SPATIAL, 2, 1);
        assertEquals(layout.inner().uploadCount() / 2, layout.uploadCount());
        assertEquals(layout.inner().responseCount() / 2, layout.responseCount());
        assertTrue(OnePrimeBudget.fitsPacked(LinearFixture.CONTEXT, layout, 3));
        Random r = new Random(5);
        check(layout, signedValues(r, layout.inputSize(), 2), signedValues(r, SHAPE.weightCount(), 2),
                signedValues(r, SHAPE.filters(), 4), r);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = PackingDimension.class, names = {"OUTPUT_CHANNELS", "INPUT_CHANNELS"})
    void channelPackingFitsOnePrimeOnlyWhileTheShiftedKernelsLeaveNoiseRoom(PackingDimension d) {
        assertTrue(!OnePrimeBudget.fitsPacked(LinearFixture.CONTEXT, layout(d, 4, 1), 3));
        FieldPackedConvLayout two = layout(d, 2, 1);
        assertTrue(OnePrimeBudget.fitsPacked(LinearFixture.CONTEXT, two, 3));
        Random r = new Random(d.ordinal());
        check(two, signedValues(r, two.inputSize(), 2), signedValues(r, SHAPE.weightCount(), 2),
                signedValues(r, SHAPE.filters(), 4), r);
    }

    @Test
    void refusesAnInnerRingThatIsNotTheFieldsWidth() {
        HomConvLayout inner = new HomConvLayout("c", SHAPE, TILING, new ShareRing(20), LinearFixture.CONTEXT.degree());
        assertThrows(IllegalArgumentException.class, () -> new FieldPackedConvLayout(inner, PackingDimension.SPATIAL, 2,
                FIELD_BITS));
    }

    private static long[] signedValues(Random r, int n, int bits) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextInt(1 << bits) - (1 << (bits - 1));
        }
        return v;
    }

    private static long[] reduce(long[] values, ShareRing ring) {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ring.reduce(values[i]);
        }
        return out;
    }

    private static long[] doubled(long[] values, ShareRing ring) {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = ring.reduce(2 * values[i]);
        }
        return out;
    }

    private static long signed(long v, int bits) {
        return (v << (64 - bits)) >> (64 - bits);
    }
}
