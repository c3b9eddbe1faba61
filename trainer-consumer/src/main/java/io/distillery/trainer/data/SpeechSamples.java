package io.distillery.trainer.data;

import io.distillery.media.MediaException;
import io.distillery.media.audio.Wav;
import io.distillery.media.audio.WavPolicy;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.DeadLetterReason;

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
        audio(payload),
        transcript(record),
        (float) record.getWeight());
  }

  /**
   * The 16 kHz mono samples of a WAV payload, refused exactly as the producer and the labeler
   * refuse it.
   *
   * @throws SampleException with the media reason
   */
  public static float[] audio(byte[] wav) throws SampleException {
    try {
      return Wav.read(wav, WavPolicy.SPEECH_16K).monoSamples();
    } catch (MediaException e) {
      throw new SampleException(e);
    }
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
          DeadLetterReason.EMPTY_TRANSCRIPT, "the teacher's transcript has no usable characters");
    }
    // CTC needs at least one output frame per token (20 ms per frame after the front end).
    if (audio.length / 320 < normalized.length()) {
      throw new SampleException(
          DeadLetterReason.TRANSCRIPT_TOO_LONG,
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
      throw new SampleException(
          DeadLetterReason.MISSING_TEACHER_OUTPUT, "no TEACHER or ENSEMBLE transcript");
    }
    return chosen.getTranscript();
  }
}
