package io.distillery.cli;

import io.distillery.schemas.topics.TaskKind;
import picocli.CommandLine.Option;

/** The task a stage command works on and its kind; a picocli mixin. */
public final class TaskOptions {

  @Option(names = "--task", required = true, description = "Task name, e.g. fmnist or asr-en.")
  String task;

  @Option(
      names = "--kind",
      description = "IMAGE or SPEECH (default: SPEECH for asr* tasks, else IMAGE).")
  TaskKind kind;

  /** The task's name. */
  public String task() {
    return task;
  }

  /** The kind given, else the one the task's name implies. */
  public TaskKind kind() {
    return kind != null ? kind : TaskKind.forTask(task);
  }
}
