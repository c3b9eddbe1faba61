package io.distillery.schemas.topics;

import io.distillery.schemas.avro.Modality;
import java.util.Locale;

/**
 * What a task labels and distils: images into classes, or speech into transcripts. The one name for
 * it in every stage and command ({@code --kind image|speech}).
 */
public enum TaskKind {
  /** Image classification: class probabilities, an image student. */
  IMAGE(Modality.IMAGE),
  /** Speech recognition: transcripts with word confidences, a CTC student. */
  SPEECH(Modality.AUDIO);

  private final Modality modality;

  TaskKind(Modality modality) {
    this.modality = modality;
  }

  /** The modality of the task's raw records. */
  public Modality modality() {
    return modality;
  }

  /** The kind a task's name suggests: speech for {@code asr*} tasks, else image. */
  public static TaskKind forTask(String task) {
    return task.startsWith("asr") ? SPEECH : IMAGE;
  }

  /**
   * The kind called {@code name} ({@code image} or {@code speech}, any case).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static TaskKind parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Unknown task kind '" + name + "': use image or speech", e);
    }
  }
}
