package io.distillery.labeler.binding;

import io.distillery.schemas.topics.TaskKind;
import java.util.Arrays;
import java.util.stream.Collectors;

/** What one tensor of a model carries for the labeler. */
public enum Role {
  /** The whole WAV file as one BYTES element. */
  AUDIO_FILE("audio-file", TaskKind.SPEECH, true),
  /** PCM samples in -1..1 as FP32/FP16, shape {@code [-1]} or {@code [1,-1]}. */
  SAMPLES("samples", TaskKind.SPEECH, true),
  /** The number of samples (INT32/INT64), for {@code WAV_LENS}-style inputs of padded batches. */
  SAMPLE_COUNT("sample-count", TaskKind.SPEECH, true),
  /** The same value for every request: {@code constant:<value>}, for either task. */
  CONSTANT("constant", null, true),
  /** The transcript (BYTES): one element, or the utterance's words, joined by spaces. */
  TRANSCRIPT("transcript", TaskKind.SPEECH, false),
  /**
   * The transcript as token ids (INT32/INT64) of a CTC model decoded greedily, repeats already
   * merged: id 0 is the blank and negative ids are padding, both skipped; id {@code i} is the
   * {@code i}-th character of the vocabulary given as the role's argument ({@code
   * token-ids:VOCABULARY}) or declared by the model's config ({@code ctc_vocabulary}). What the
   * project's own speech student answers.
   */
  TOKEN_IDS("token-ids", TaskKind.SPEECH, false),
  /** The recognised words (BYTES), "" for padding. */
  WORDS("words", TaskKind.SPEECH, false),
  /** One confidence in 0..1 per word (FP32). */
  WORD_CONFIDENCES("word-confidences", TaskKind.SPEECH, false),
  /**
   * Each word's start and end in seconds from the start of the audio (FP32, {@code [N,2]} or {@code
   * [2N]}, rows of padding words ignored): what lets the trainer cut a recording longer than its
   * window into utterances.
   */
  WORD_TIMES("word-times", TaskKind.SPEECH, false),
  /**
   * The image resized to the model's size, NCHW or NHWC, as FP32/FP16 values after an optional
   * normalisation ({@code pixels:unit|imagenet|inception|levels|mean=R/G/B,std=R/G/B,scale=S}) or
   * UINT8 levels.
   */
  PIXELS("pixels", TaskKind.IMAGE, true),
  /** The image file's bytes (PNG or JPEG) as one BYTES element or a UINT8 {@code [-1]} vector. */
  ENCODED_IMAGE("encoded-image", TaskKind.IMAGE, true),
  /** Class probabilities, used as they are (they must sum to 1). */
  PROBABILITIES("probabilities", TaskKind.IMAGE, false),
  /** Class logits, turned into probabilities by softmax. */
  LOGITS("logits", TaskKind.IMAGE, false),
  /**
   * Class scores of unknown kind: kept when they already form a distribution, else taken as logits.
   * What an output whose name says neither gets.
   */
  SCORES("scores", TaskKind.IMAGE, false),
  /**
   * Class scores through Triton's classification extension ({@code "score:index[:label]"} strings
   * for every class), made probabilities as {@link #LOGITS} unless they already sum to 1.
   */
  CLASSIFICATION("classification", TaskKind.IMAGE, false);

  private final String text;
  private final TaskKind kind;
  private final boolean input;

  Role(String text, TaskKind kind, boolean input) {
    this.text = text;
    this.kind = kind;
    this.input = input;
  }

  /** The name used on the command line and in JSON. */
  public String text() {
    return text;
  }

  /** Whether the role is one of an input. */
  public boolean input() {
    return input;
  }

  /** Whether the role belongs to {@code task} (constants belong to both). */
  public boolean of(TaskKind task) {
    return kind == null || kind == task;
  }

  /**
   * The role named {@code text}.
   *
   * @throws IllegalArgumentException listing the roles for an unknown name
   */
  public static Role named(String text) {
    for (Role r : values()) {
      if (r.text.equals(text)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "Unknown tensor role '"
            + text
            + "': use one of "
            + Arrays.stream(values()).map(Role::text).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return text;
  }
}
