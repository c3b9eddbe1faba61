package io.distillery.monitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {

  @TempDir Path dir;

  @Test
  void shouldDrawALineChartWithAReferenceLineAsAReadablePng() throws Exception {
    Series student =
        new Series(
            "student accuracy",
            List.of(new double[] {0, 0.1}, new double[] {50, 0.7}, new double[] {100, 0.85}));
    Series teacher = new Series("teacher", List.of(new double[] {0, 0.9}));

    Path png =
        Charts.lineChart(
            dir.resolve("q.png"),
            "quality",
            "step",
            "accuracy",
            List.of(student),
            List.of(teacher));

    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(900);
    assertThat(distinctColours(image))
        .as("lines and text drawn, not a blank canvas")
        .isGreaterThan(10);
  }

  @Test
  void shouldDrawAHistogramWithThresholds() throws Exception {
    double[] values = new double[500];
    for (int i = 0; i < values.length; i++) {
      values[i] = (i % 100) / 100.0;
    }

    Path png =
        Charts.histogram(dir.resolve("h.png"), "wer", "wer", values, 20, 0, 1, List.of(0.1, 0.3));

    assertThat(distinctColours(ImageIO.read(png.toFile()))).isGreaterThan(10);
  }

  private static long distinctColours(BufferedImage image) {
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
