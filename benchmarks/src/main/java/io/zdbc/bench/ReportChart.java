package io.zdbc.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** The PNG chart of one table size of a {@link Report}. */
final class ReportChart {
    private ReportChart() {}

    private static final Color[] PALETTE = {
        new Color(0xd62728), new Color(0xff9896), new Color(0x1f77b4), new Color(0xaec7e8), new Color(0x2ca02c),
        new Color(0x98df8a), new Color(0x17becf), new Color(0x7f7f7f), new Color(0x9467bd), new Color(0xc5b0d5)
    };

    /** Grouped bars (one group per timed operation, one bar per format), log-scale time axis. */
    static void write(Report report, int rows, Path file) throws IOException {
        List<Cell> cells = report.cells;
        List<Format> formats = report.formats;
        int runs = report.runs;
        List<Op> ops = new ArrayList<>();
        for (Op op : Op.values()) {
            if (op.timed()) {
                ops.add(op);
            }
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Cell c : cells) {
            if (c.rows() == rows && c.op().timed() && c.hasValue() && c.value() > 0) {
                min = Math.min(min, c.value());
                max = Math.max(max, c.value());
            }
        }
        if (max == 0) {
            return;
        }
        int lo = (int) Math.floor(Math.log10(min));
        int hi = (int) Math.ceil(Math.log10(max)) + 1;
        int w = 1500;
        int h = 760;
        int left = 90;
        int right = 230;
        int top = 70;
        int bottom = 70;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        int plotW = w - left - right;
        int plotH = h - top - bottom;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(
                String.format(
                        Locale.ROOT,
                        "zdbc bench: %,d rows x 5 columns, median of %d runs (log scale, lower is faster)",
                        rows,
                        runs),
                left,
                32);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(report.coldMode, left, 52);
        // Axis and decades
        for (int d = lo; d <= hi; d++) {
            int y = top + plotH - (int) Math.round((double) (d - lo) / (hi - lo) * plotH);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left, y, left + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String label = Report.time(Math.pow(10, d)).replace(".00", "");
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.5f));
        g.drawLine(left, top, left, top + plotH);
        g.drawLine(left, top + plotH, left + plotW, top + plotH);
        int groupW = plotW / ops.size();
        int barW = Math.max(3, (groupW - 24) / Math.max(1, formats.size()));
        Font valueFont = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
        for (int gi = 0; gi < ops.size(); gi++) {
            Op op = ops.get(gi);
            int gx = left + gi * groupW + 12;
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(op.label, gx + (groupW - 24 - g.getFontMetrics().stringWidth(op.label)) / 2, top + plotH + 22);
            for (int fi = 0; fi < formats.size(); fi++) {
                Cell c = report.cell(rows, formats.get(fi).id(), op);
                if (c == null || !c.hasValue() || c.value() <= 0) {
                    continue;
                }
                double frac = (Math.log10(c.value()) - lo) / (hi - lo);
                int bh = (int) Math.round(frac * plotH);
                int x = gx + fi * barW;
                g.setColor(PALETTE[fi % PALETTE.length]);
                g.fillRect(x, top + plotH - bh, barW - 2, bh);
                // value label, vertical, above the bar
                g.setColor(Color.DARK_GRAY);
                g.setFont(valueFont);
                AffineTransform saved = g.getTransform();
                g.rotate(-Math.PI / 2, x + barW / 2.0 + 3, top + plotH - bh - 3);
                g.drawString(Report.time(c.value()), (float) (x + barW / 2.0 + 3), (float) (top + plotH - bh - 3));
                g.setTransform(saved);
            }
        }
        // Legend
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (int fi = 0; fi < formats.size(); fi++) {
            int y = top + 10 + fi * 24;
            g.setColor(PALETTE[fi % PALETTE.length]);
            g.fillRect(w - right + 20, y, 16, 16);
            g.setColor(Color.BLACK);
            g.drawString(formats.get(fi).name(), w - right + 44, y + 13);
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int ny = top + 10 + formats.size() * 24 + 20;
        g.drawString("materialize of Parquet, CSV", w - right + 20, ny);
        g.drawString("and DuckDB = their read all", w - right + 20, ny + 15);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
