package org.hequant.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class BarChartTest {
    @Test
    void ticksAreOneTwoOrFiveTimesAPowerOfTen() {
        assertEquals(5.0, BarChart.tickStep(23));
        assertEquals(0.2, BarChart.tickStep(0.9), 1e-12);
        assertEquals(1000.0, BarChart.tickStep(4100));
        assertEquals(20.0, BarChart.tickStep(100));
    }

    @Test
    void stacksAreDrawnToScaleInTheirSeriesColours() throws Exception {
        // One category, two series of 3 and 1: the stack is 4 high on an axis that ends at 4 (ticks of 1).
        BarChart chart = new BarChart("t", "y", List.of("a"), List.of("low", "high"), new double[][] {{3}, {1}});
        assertEquals(4.0, chart.maxStack());
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(chart.png(400, 300)));
        assertEquals(400, png.getWidth());
        assertEquals(300, png.getHeight());
        // Plot area: from y = 50 down to 300 - 30 - fontHeight - 10; sample the bar's centre column at 1/8 and
        // 7/8 of the stack: the top quarter is the second series, the rest the first.
        int x = 80 + (400 - 100) / 2;
        int bottom = findAxis(png, x);
        int top = 50;
        int lowColour = png.getRGB(x, bottom - (bottom - top) / 8) & 0xffffff;
        int highColour = png.getRGB(x, top + (bottom - top) / 8) & 0xffffff;
        assertEquals(0x1f77b4, lowColour);
        assertEquals(0xaec7e8, highColour);
    }

    /** The x axis: the lowest black pixel of the left axis column. */
    private static int findAxis(BufferedImage png, int x) {
        for (int y = png.getHeight() - 1; y > 0; y--) {
            if ((png.getRGB(80, y) & 0xffffff) == 0) {
                return y;
            }
        }
        throw new AssertionError("no axis at x = 80");
    }

    @Test
    void negativeOrMismatchedValuesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new BarChart("t", "y", List.of("a"), List.of("s"), new double[][] {{-1}}));
        assertThrows(IllegalArgumentException.class,
                () -> new BarChart("t", "y", List.of("a", "b"), List.of("s"), new double[][] {{1}}));
    }
}
