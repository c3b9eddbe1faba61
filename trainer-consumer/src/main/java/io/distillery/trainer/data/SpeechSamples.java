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
    return sample(
        record.getLabeled().getRaw().getId(),
        Wav.mono16(payload, SAMPLE_RATE),
        transcript(record),
        (float) record.getWeight());
  }

  /**
   * The sample of an utterance and its pseudo-transcript.
   *
   * @param audio 16 kHz mono samples
   * @throws SampleException when the transcript is empty or too long for the audio
   */
  public static SpeechSample sample(String id, float[] audio, String transcript, float weight)
      throws SampleException {
    String normalized = CharacterVocabulary.normalize(transcript);
    if (normalized.isEmpty()) {
      throw new SampleException(
          "empty-transcript", "the teacher's transcript has no usable characters");
    }
    // CTC needs at least one output frame per token (20 ms per frame after the front end).
    if (audio.length / 320 < normalized.length()) {
      throw new SampleException(
          "transcript-too-long",
          normalized.length() + " characters for " + audio.length + " samples");
    }
    return new SpeechSample(id, audio, CharacterVocabulary.encode(normalized), weight);
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
