package io.distillery.monitor.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Line charts, histograms and bar charts as PNG files, drawn with Java2D in headless mode: small,
 * dependency free and deterministic for the same data.
 */
public final class Charts {

  private static final int WIDTH = 900;
  private static final int HEIGHT = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 220;
  private static final int TOP = 40;
  private static final int BOTTOM = 50;
  private static final Color[] COLORS = {
    new Color(0x2f6fdf),
    new Color(0xe0712c),
    new Color(0x2ca36b),
    new Color(0xb6399b),
    new Color(0x7a5cd6),
    new Color(0xc9a227),
    new Color(0x178f9c)
  };

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /**
   * Draws {@code series} as lines, with optional horizontal reference lines (e.g. the teacher's
   * accuracy), and writes a PNG.
   */
  public static Path lineChart(
      Path file,
      String title,
      String xLabel,
      String yLabel,
      List<Series> series,
      List<Series> references)
      throws IOException {
    double[] bounds = bounds(series, references);
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image, title, xLabel, yLabel, bounds);
    int index = 0;
    for (Series s : series) {
      g.setColor(COLORS[index % COLORS.length]);
      g.setStroke(new BasicStroke(2.2f));
      double[] previous = null;
      for (double[] p : s.points()) {
        if (previous != null) {
          g.drawLine(
              x(previous[0], bounds), y(previous[1], bounds), x(p[0], bounds), y(p[1], bounds));
        }
        g.fillOval(x(p[0], bounds) - 2, y(p[1], bounds) - 2, 5, 5);
        previous = p;
      }
      legend(g, index++, s.name(), false);
    }
    for (Series ref : references) {
      g.setColor(COLORS[index % COLORS.length]);
      g.setStroke(
          new BasicStroke(
              1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0));
      double value = ref.points().get(0)[1];
      g.drawLine(LEFT, y(value, bounds), WIDTH - RIGHT, y(value, bounds));
      legend(g, index++, ref.name(), true);
    }
    return write(image, g, file);
  }

  /**
   * Draws a histogram of {@code values} in {@code bins} bins over [min, max], with vertical
   * threshold lines, and writes a PNG.
   */
  public static Path histogram(
      Path file,
      String title,
      String xLabel,
      double[] values,
      int bins,
      double min,
      double max,
      List<Double> thresholds)
      throws IOException {
    long[] counts = new long[bins];
    for (double v : values) {
      int bin = (int) Math.floor((Math.min(Math.max(v, min), max) - min) / (max - min) * bins);
      counts[Math.min(bins - 1, Math.max(0, bin))]++;
    }
    long top = 1;
    for (long c : counts) {
      top = Math.max(top, c);
    }
    double[] bounds = {min, max, 0, top};
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas(image, title, xLabel, "records", bounds);
    g.setColor(COLORS[0]);
    double width = (max - min) / bins;
    for (int i = 0; i < bins; i++) {
      int x0 = x(min + i * width, bounds);
      int x1 = x(min + (i + 1) * width, bounds);
      int y0 = y(counts[i], bounds);
      g.fillRect(x0 + 1, y0, Math.max(1, x1 - x0 - 2), HEIGHT - BOTTOM - y0);
    }
    int index = 1;
    for (double threshold : thresholds) {
      g.setColor(COLORS[index % COLORS.length]);
      g.setStroke(new BasicStroke(2f));
      g.drawLine(x(threshold, bounds), TOP, x(threshold, bounds), HEIGHT - BOTTOM);
      legend(g, index++, String.format(Locale.ROOT, "threshold %.3g", threshold), true);
    }
    return write(image, g, file);
  }

  /**
   * Draws grouped bars: for each category on the x axis one bar per series ({@code values[s][c]} is
   * series {@code s} in category {@code c}), with optional horizontal reference lines, and writes a
   * PNG. Category names are written under their group, cut to fit.
   */
  public static Path barChart(
      Path file,
      String title,
      String yLabel,
      List<String> categories,
      List<String> seriesNames,
      double[][] values,
      List<Series> references)
      throws IOException {
    if (values.length != seriesNames.size()) {
      throw new IllegalArgumentException("one row of values per series name");
    }
    double top = 0;
    for (double[] row : values) {
      if (row.length != categories.size()) {
        throw new IllegalArgumentException("one value per category in every series");
      }
      for (double v : row) {
        top = Double.isFinite(v) ? Math.max(top, v) : top;
      }
    }
    for (Series ref : references) {
      top = Math.max(top, ref.points().get(0)[1]);
    }
    double[] bounds = {0, Math.max(1, categories.size()), 0, top <= 0 ? 1 : top * 1.1};
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT + 40, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = frame(image, title, yLabel, bounds);
    double groupWidth = (double) (WIDTH - LEFT - RIGHT) / Math.max(1, categories.size());
    double barWidth = groupWidth * 0.8 / Math.max(1, seriesNames.size());
    for (int c = 0; c < categories.size(); c++) {
      int groupLeft = LEFT + (int) Math.round(c * groupWidth + groupWidth * 0.1);
      for (int s = 0; s < seriesNames.size(); s++) {
        double v = values[s][c];
        if (!Double.isFinite(v)) {
          continue;
        }
        g.setColor(COLORS[s % COLORS.length]);
        int x0 = groupLeft + (int) Math.round(s * barWidth);
        int y0 = y(v, bounds);
        g.fillRect(x0, y0, Math.max(1, (int) Math.round(barWidth) - 1), HEIGHT - BOTTOM - y0);
      }
      g.setColor(new Color(0x445));
      String name = categories.get(c);
      int maxChars = Math.max(4, (int) (groupWidth / 6.5));
      g.drawString(
          name.length() > maxChars ? name.substring(0, maxChars - 1) + "…" : name,
          groupLeft,
          HEIGHT - BOTTOM + 16 + (c % 2) * 16);
    }
    int index = 0;
    for (String name : seriesNames) {
      g.setColor(COLORS[index % COLORS.length]);
      legend(g, index++, name, false);
    }
    for (Series ref : references) {
      g.setColor(COLORS[index % COLORS.length]);
      g.setStroke(
          new BasicStroke(
              1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0));
      int yRef = y(ref.points().get(0)[1], bounds);
      g.drawLine(LEFT, yRef, WIDTH - RIGHT, yRef);
      legend(g, index++, ref.name(), true);
    }
    return write(image, g, file);
  }

  private static Graphics2D canvas(
      BufferedImage image, String title, String xLabel, String yLabel, double[] bounds) {
    Graphics2D g = frame(image, title, yLabel, bounds);
    for (int i = 0; i <= 4; i++) {
      double xv = bounds[0] + (bounds[1] - bounds[0]) * i / 4;
      g.drawString(format(xv), x(xv, bounds) - 12, HEIGHT - BOTTOM + 18);
    }
    g.drawString(xLabel, (WIDTH - RIGHT) / 2, HEIGHT - 12);
    return g;
  }

  /** A white image with the title, both axes and the y axis's ticks and label. */
  private static Graphics2D frame(
      BufferedImage image, String title, String yLabel, double[] bounds) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(new Color(0x1d2330));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.drawString(title, LEFT, 24);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(new Color(0xaab0bb));
    g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
    g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
    g.setColor(new Color(0x445));
    for (int i = 0; i <= 4; i++) {
      double yv = bounds[2] + (bounds[3] - bounds[2]) * i / 4;
      g.drawString(format(yv), 8, y(yv, bounds) + 4);
    }
    g.drawString(yLabel, 8, TOP - 8);
    return g;
  }

  private static void legend(Graphics2D g, int index, String name, boolean dashed) {
    int y = TOP + 12 + index * 20;
    g.fillRect(WIDTH - RIGHT + 16, y - 8, dashed ? 6 : 14, 8);
    g.setColor(new Color(0x1d2330));
    g.drawString(name, WIDTH - RIGHT + 36, y);
  }

  private static Path write(BufferedImage image, Graphics2D g, Path file) throws IOException {
    g.dispose();
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  private static double[] bounds(List<Series> series, List<Series> references) {
    double minX = Double.POSITIVE_INFINITY;
    double maxX = Double.NEGATIVE_INFINITY;
    double minY = 0;
    double maxY = Double.NEGATIVE_INFINITY;
    for (List<Series> group : List.of(series, references)) {
      for (Series s : group) {
        for (double[] p : s.points()) {
          if (group == series) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
          }
          minY = Math.min(minY, p[1]);
          maxY = Math.max(maxY, p[1]);
        }
      }
    }
    if (!Double.isFinite(minX)) {
      minX = 0;
      maxX = 1;
    }
    if (maxX <= minX) {
      maxX = minX + 1;
    }
    if (!Double.isFinite(maxY) || maxY <= minY) {
      maxY = minY + 1;
    }
    return new double[] {minX, maxX, minY, maxY * 1.05};
  }

  private static int x(double value, double[] b) {
    return LEFT + (int) Math.round((value - b[0]) / (b[1] - b[0]) * (WIDTH - LEFT - RIGHT));
  }

  private static int y(double value, double[] b) {
    return HEIGHT
        - BOTTOM
        - (int) Math.round((value - b[2]) / (b[3] - b[2]) * (HEIGHT - TOP - BOTTOM));
  }

  private static String format(double v) {
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }
}
