package io.distillery.monitor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @Test
  void shouldDrawBarsWhoseHeightsFollowTheValues() throws Exception {
    Path png =
        Charts.barChart(
            dir.resolve("b.png"),
            "kept",
            "share",
            List.of("low", "high"),
            List.of("student"),
            new double[][] {{0.2, 0.8}},
            List.of(new Series("teacher", List.of(new double[] {0, 0.9}))));

    BufferedImage image = ImageIO.read(png.toFile());
    int barColour = 0xff2f6fdf;
    long left = 0;
    long right = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < 680; x++) {
        if (image.getRGB(x, y) == barColour) {
          if (x < 375) {
            left++;
          } else {
            right++;
          }
        }
      }
    }
    assertThat(left).as("the 0.2 bar is drawn").isPositive();
    assertThat((double) right / left).as("the 0.8 bar is four times as tall").isBetween(3.5, 4.5);
    assertThatThrownBy(
            () ->
                Charts.barChart(
                    dir.resolve("x.png"),
                    "t",
                    "y",
                    List.of("a"),
                    List.of("s"),
                    new double[][] {{1, 2}},
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class);
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
