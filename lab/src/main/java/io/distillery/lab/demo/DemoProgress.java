package io.distillery.lab.demo;

import io.distillery.monitor.model.Snapshot;
import io.distillery.monitor.model.TaskView;
import io.distillery.monitor.model.TopicRate;
import io.distillery.monitor.model.VersionView;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One progress line per task for the demo's terminal, from a monitor snapshot; pure. */
final class DemoProgress {

  private DemoProgress() {}

  /** Records on {@code <task>.raw}, from the snapshot's topic sizes. */
  static long raw(TaskView view) {
    return size(view, ".raw");
  }

  /** Records the filter or a stage has decided: accepted, rejected or dead-lettered. */
  static long decided(TaskView view) {
    return view.accepted() + view.rejected() + view.deadLetters();
  }

  static String line(long elapsedSeconds, TaskView view) {
    Map<String, Long> lag = view.lagByGroup();
    long totalLag = lag.values().stream().mapToLong(Long::longValue).sum();
    String student = "";
    List<VersionView> versions = view.versions();
    if (!versions.isEmpty()) {
      VersionView last = versions.get(versions.size() - 1);
      student = String.format(Locale.ROOT, "  student v%d %s", last.version(), last.metrics());
    }
    return String.format(
        Locale.ROOT,
        "[%3ds] %-7s raw %6d  labeled %6d (%5.1f/s)  accepted %6d  rejected %6d  dlq %4d  acceptance %5.1f%%  lag %6d%s",
        elapsedSeconds,
        view.task(),
        raw(view),
        view.labeled(),
        rate(view, ".labeled"),
        view.accepted(),
        view.rejected(),
        view.deadLetters(),
        100 * view.acceptanceRate(),
        totalLag,
        student);
  }

  static String lines(long elapsedSeconds, Snapshot snapshot) {
    StringBuilder out = new StringBuilder();
    for (TaskView view : snapshot.tasks()) {
      out.append(line(elapsedSeconds, view)).append('\n');
    }
    return out.toString();
  }

  private static long size(TaskView view, String suffix) {
    return view.topics().stream()
        .filter(t -> t.topic().endsWith(suffix))
        .mapToLong(TopicRate::records)
        .sum();
  }

  private static double rate(TaskView view, String suffix) {
    return view.topics().stream()
        .filter(t -> t.topic().endsWith(suffix))
        .mapToDouble(TopicRate::perSecond)
        .sum();
  }
}
