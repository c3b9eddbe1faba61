package io.distillery.monitor.model;

import java.util.List;
import java.util.Optional;

/**
 * The monitor's view of the whole cluster at one instant.
 *
 * @param takenAt epoch millis
 * @param tasks one view per task, by task name
 */
public record Snapshot(long takenAt, List<TaskView> tasks) {

  /** Copies the list. */
  public Snapshot {
    tasks = List.copyOf(tasks);
  }

  /** The view of {@code task}, if the cluster has it. */
  public Optional<TaskView> task(String task) {
    return tasks.stream().filter(t -> t.task().equals(task)).findFirst();
  }
}
