package org.hequant.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A stacked bar chart drawn with Java2D (headless) into a PNG: one bar per category, one coloured segment
 * per series, a y axis with round ticks and a legend. Enough for the evaluation report without a charting
 * dependency.
 */
public final class BarChart {
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xaec7e8), new Color(0xff7f0e),
        new Color(0xffbb78), new Color(0x2ca02c), new Color(0x98df8a), new Color(0xd62728)};
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 50;

    private final String title;
    private final String yLabel;
    private final List<String> categories;
    private final List<String> series;
    private final double[][] values;

    /** {@code values[s][c]}: series s of category c, non-negative. */
    public BarChart(String title, String yLabel, List<String> categories, List<String> series, double[][] values) {
        if (values.length != series.size()) {
            throw new IllegalArgumentException(series.size() + " series but " + values.length + " value rows");
        }
        for (double[] row : values) {
            if (row.length != categories.size()) {
                throw new IllegalArgumentException(categories.size() + " categories but a row of " + row.length);
            }
            for (double v : row) {
                if (!(v >= 0)) {
                    throw new IllegalArgumentException("bar values must be non-negative, got " + v);
                }
            }
        }
        this.title = title;
        this.yLabel = yLabel;
        this.categories = categories;
        this.series = series;
        this.values = values;
    }

    /** The height of the tallest stack. */
    double maxStack() {
        double max = 0;
        for (int c = 0; c < categories.size(); c++) {
            double sum = 0;
            for (double[] row : values) {
                sum += row[c];
            }
            max = Math.max(max, sum);
        }
        return max;
    }

    /** A tick step of 1, 2 or 5 times a power of ten giving about five ticks up to {@code max}. */
    static double tickStep(double max) {
        if (max <= 0) {
            return 1;
        }
        double raw = max / 5;
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / power;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * power;
    }

    public byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, width, height);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private void draw(Graphics2D g, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        int longest = 0;
        for (String c : categories) {
            longest = Math.max(longest, fm.stringWidth(c));
        }
        int plotW = width - LEFT - RIGHT;
        int slot = Math.max(1, plotW / Math.max(1, categories.size()));
        boolean rotate = longest > slot - 4;
        int bottom = 30 + (rotate ? Math.min(longest, 140) : fm.getHeight()) + 10;
        int plotH = height - TOP - bottom;
        double step = tickStep(maxStack());
        double top = Math.max(step, Math.ceil(maxStack() / step) * step);

        // Axis and ticks.
        g.setColor(new Color(0xdddddd));
        for (double t = 0; t <= top + step / 2; t += step) {
            int y = TOP + plotH - (int) Math.round(t / top * plotH);
            g.drawLine(LEFT, y, LEFT + plotW, y);
        }
        g.setColor(Color.BLACK);
        for (double t = 0; t <= top + step / 2; t += step) {
            int y = TOP + plotH - (int) Math.round(t / top * plotH);
            String label = formatTick(t, step);
            g.drawString(label, LEFT - 6 - fm.stringWidth(label), y + fm.getAscent() / 2);
        }
        g.drawLine(LEFT, TOP, LEFT, TOP + plotH);
        g.drawLine(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + plotH / 2 + fm.stringWidth(yLabel) / 2), 16);
        g.setTransform(saved);

        // Bars.
        int barW = Math.max(2, (int) (slot * 0.7));
        for (int c = 0; c < categories.size(); c++) {
            int x = LEFT + c * slot + (slot - barW) / 2;
            double base = 0;
            for (int s = 0; s < series.size(); s++) {
                double v = values[s][c];
                int y0 = TOP + plotH - (int) Math.round(base / top * plotH);
                int y1 = TOP + plotH - (int) Math.round((base + v) / top * plotH);
                g.setColor(PALETTE[s % PALETTE.length]);
                g.fillRect(x, y1, barW, y0 - y1);
                base += v;
            }
            g.setColor(Color.BLACK);
            String name = categories.get(c);
            if (rotate) {
                AffineTransform t = g.getTransform();
                g.translate(x + barW / 2 + fm.getAscent() / 2, TOP + plotH + 6);
                g.rotate(Math.PI / 2);
                g.drawString(name, 0, 0);
                g.setTransform(t);
            } else {
                g.drawString(name, x + barW / 2 - fm.stringWidth(name) / 2, TOP + plotH + 4 + fm.getAscent());
            }
        }

        // Legend, right-aligned above the plot.
        int lx = width - RIGHT;
        g.setStroke(new BasicStroke(1));
        for (int s = series.size() - 1; s >= 0; s--) {
            String name = series.get(s);
            lx -= fm.stringWidth(name) + 22;
            g.setColor(PALETTE[s % PALETTE.length]);
            g.fillRect(lx, TOP - 22, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(name, lx + 16, TOP - 12);
        }
    }

    private static String formatTick(double t, double step) {
        return step >= 1 ? String.format("%.0f", t) : String.format("%." + (int) Math.ceil(-Math.log10(step)) + "f", t);
    }
}
