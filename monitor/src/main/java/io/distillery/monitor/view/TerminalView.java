package io.distillery.monitor.view;

import io.distillery.monitor.health.PartitionStatus;
import io.distillery.monitor.model.DeadLetterView;
import io.distillery.monitor.model.PartitionLag;
import io.distillery.monitor.model.Snapshot;
import io.distillery.monitor.model.TaskView;
import io.distillery.monitor.model.TopicRate;
import io.distillery.monitor.model.VersionView;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Renders one snapshot as a screenful of plain text; pure. */
public final class TerminalView {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private TerminalView() {}

  /** The text of {@code snapshot}, with lag per partition when {@code perPartition}. */
  public static String render(Snapshot snapshot, boolean perPartition) {
    StringBuilder out = new StringBuilder();
    out.append("Distillery monitor  ")
        .append(TIME.format(Instant.ofEpochMilli(snapshot.takenAt())));
    out.append("  tasks: ").append(snapshot.tasks().size()).append('\n');
    if (snapshot.tasks().isEmpty()) {
      out.append("\n  no tasks yet (a task is a topic <task>.raw)\n");
    }
    for (TaskView task : snapshot.tasks()) {
      renderTask(out, task, perPartition);
    }
    return out.toString();
  }

  private static void renderTask(StringBuilder out, TaskView task, boolean perPartition) {
    out.append("\n== task ").append(task.task()).append('\n');
    out.append(String.format("  %-30s %12s %10s%n", "topic", "records", "rec/s"));
    for (TopicRate rate : task.topics()) {
      out.append(
          String.format("  %-30s %12d %10.1f%n", rate.topic(), rate.records(), rate.perSecond()));
    }
    out.append(
        String.format(
            "  labeled %d  accepted %d (soft %d)  rejected %d  acceptance %.1f%%  dead letters %d%n",
            task.labeled(),
            task.accepted(),
            task.soft(),
            task.rejected(),
            100 * task.acceptanceRate(),
            task.deadLetters()));
    out.append("  lag by group:");
    Map<String, Long> byGroup = task.lagByGroup();
    if (byGroup.isEmpty()) {
      out.append(" (no consumer group has committed yet)");
    }
    byGroup.forEach((group, lag) -> out.append("  ").append(group).append('=').append(lag));
    out.append('\n');
    for (PartitionLag lag : task.lag()) {
      // a partition not consuming is shown whether or not every partition is asked for
      if (perPartition || lag.status() != PartitionStatus.OK) {
        out.append(
            String.format(
                "    %-28s %-26s p%-3d committed %-8d end %-8d lag %-8d %s%n",
                lag.group(),
                lag.topic(),
                lag.partition(),
                lag.committed(),
                lag.end(),
                lag.lag(),
                lag.status() == PartitionStatus.OK ? "" : "<< " + lag.status()));
      }
    }
    if (!task.recentReasons().isEmpty()) {
      out.append("  recent rejection reasons:\n");
      task.recentReasons().entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
          .limit(5)
          .forEach(e -> out.append(String.format("    %5d  %s%n", e.getValue(), e.getKey())));
    }
    List<DeadLetterView> errors = task.lastErrors();
    if (!errors.isEmpty()) {
      out.append("  last dead letters:\n");
      errors.stream()
          .limit(3)
          .forEach(
              e ->
                  out.append(
                      String.format(
                          "    [%s] %s: %s (%s)%n",
                          e.stage(), e.errorType(), e.reason(), e.recordId())));
    }
    if (!task.versions().isEmpty()) {
      out.append("  student versions:\n");
      for (VersionView v : task.versions()) {
        out.append(
            String.format(
                "    v%-4d %-11s step %-7d samples %-8d %s%n",
                v.version(), v.status(), v.step(), v.samplesSeen(), v.metrics()));
      }
    }
  }
}
