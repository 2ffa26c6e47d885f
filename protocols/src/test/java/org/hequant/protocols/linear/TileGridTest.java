package org.hequant.protocols.linear;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tile grid against the output positions worked out from the other side: output (y, x) is the stride-1
 * cross-correlation at (y s, x s) of the padded input, so it belongs to the one tile whose effective rows
 * and columns [h0, h0 + H_n - kh] and [w0, w0 + W_n - kw] contain that position, at plane index
 * (y s - h0) W_n + (x s - w0).
 */
class TileGridTest {
    static Stream<Arguments> grids() {
        return Stream.of(
                Arguments.of(ConvShape.of(3, 14, 14, 4, 3, 1, 1), new ConvTiling(2, 6, 6)),
                Arguments.of(ConvShape.of(5, 15, 11, 2, 3, 2, 1), new ConvTiling(3, 7, 4)),
                Arguments.of(ConvShape.of(4, 9, 11, 5, 1, 2, 0), new ConvTiling(4, 2, 3)),
                Arguments.of(ConvShape.of(2, 20, 17, 3, 5, 3, 2), new ConvTiling(1, 9, 5)),
                Arguments.of(ConvShape.of(1, 8, 8, 1, 3, 1, 0), new ConvTiling(1, 8, 8)));
    }

    @ParameterizedTest
    @MethodSource("grids")
    void everyOutputSitsOnceInTheTileThatCoversItsPosition(ConvShape shape, ConvTiling tiling) {
        TileGrid grid = new TileGrid(shape, tiling);
        int[] tileOf = new int[shape.outHeight() * shape.outWidth()];
        int[] indexOf = new int[tileOf.length];
        java.util.Arrays.fill(tileOf, -1);
        for (int tile = 0; tile < grid.tiles(); tile++) {
            TileGrid.TileOutputs outputs = grid.outputs(tile);
            assertEquals(outputs.size(), grid.keptIn(tile), "tile " + tile);
            for (int i = 0; i < outputs.size(); i++) {
                int position = outputs.inOutput()[i];
                assertEquals(-1, tileOf[position], "output " + position + " in two tiles");
                tileOf[position] = tile;
                indexOf[position] = outputs.inTile()[i];
            }
        }
        int s = shape.effectiveStride();
        int rows = tiling.rows() - shape.kernelH() + 1;
        int cols = tiling.cols() - shape.kernelW() + 1;
        for (int y = 0; y < shape.outHeight(); y++) {
            for (int x = 0; x < shape.outWidth(); x++) {
                int position = y * shape.outWidth() + x;
                int tile = tileOf[position];
                assertNotEquals(-1, tile, "output (" + y + ", " + x + ") in no tile");
                int dy = y * s - grid.tileRow(tile);
                int dx = x * s - grid.tileCol(tile);
                assertTrue(dy >= 0 && dy < rows && dx >= 0 && dx < cols,
                        "output (" + y + ", " + x + ") outside tile " + tile);
                assertEquals(dy * tiling.cols() + dx, indexOf[position], "output (" + y + ", " + x + ")");
            }
        }
    }
}
