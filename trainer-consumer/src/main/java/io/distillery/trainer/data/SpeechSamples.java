package io.distillery.trainer.data;

import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.ScoredRecord;

/**
 * Turns an accepted speech record into a {@link SpeechSample}: the pseudo-transcript is the
 * ENSEMBLE output's when there is one, else the TEACHER's, normalised to the student's vocabulary.
 */
public final class SpeechSamples {

  /** The sample rate the speech student's front end expects. */
  public static final int SAMPLE_RATE = 16_000;

  /**
   * The sample of {@code record} whose WAV payload is {@code payload}.
   *
   * @throws SampleException when the audio or transcript is unusable
   */
  public SpeechSample toSample(ScoredRecord record, byte[] payload) throws SampleException {
    String transcript = transcript(record);
    String normalized = CharacterVocabulary.normalize(transcript);
    if (normalized.isEmpty()) {
      throw new SampleException(
          "empty-transcript", "the teacher's transcript has no usable characters");
    }
    float[] audio = Wav.mono16(payload, SAMPLE_RATE);
    // CTC needs at least one output frame per token (20 ms per frame after the front end).
    if (audio.length / 320 < normalized.length()) {
      throw new SampleException(
          "transcript-too-long",
          normalized.length() + " characters for " + audio.length + " samples");
    }
    return new SpeechSample(
        record.getLabeled().getRaw().getId(),
        audio,
        CharacterVocabulary.encode(normalized),
        (float) record.getWeight());
  }

  private static String transcript(ScoredRecord record) throws SampleException {
    ModelOutput chosen = null;
    for (ModelOutput output : record.getLabeled().getOutputs()) {
      if (output.getRole() == ModelRole.ENSEMBLE && output.getTranscript() != null) {
        chosen = output;
        break;
      }
      if (output.getRole() == ModelRole.TEACHER
          && output.getTranscript() != null
          && chosen == null) {
        chosen = output;
      }
    }
    if (chosen == null) {
      throw new SampleException("missing-teacher-output", "no TEACHER or ENSEMBLE transcript");
    }
    return chosen.getTranscript();
  }
}
