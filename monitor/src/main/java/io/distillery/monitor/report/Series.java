package io.distillery.monitor.report;

import java.util.List;

/**
 * One named line of a chart.
 *
 * @param name legend label
 * @param points (x, y) pairs in drawing order
 */
public record Series(String name, List<double[]> points) {

  /** Copies the points. */
  public Series {
    points = List.copyOf(points);
  }
}
