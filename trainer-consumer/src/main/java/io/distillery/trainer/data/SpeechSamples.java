package io.distillery.trainer.data;

import io.distillery.media.audio.Wav;
import io.distillery.media.audio.WavPolicy;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.label.TrainingTarget;

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
   * @throws RefusedRecordException when the audio or transcript is unusable
   */
  public SpeechSample toSample(ScoredRecord record, byte[] payload) throws RefusedRecordException {
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
   * @throws RefusedRecordException with the media reason
   */
  public static float[] audio(byte[] wav) throws RefusedRecordException {
    return Wav.read(wav, WavPolicy.SPEECH_16K).monoSamples();
  }

  /**
   * The sample of an utterance and its pseudo-transcript.
   *
   * @param audio 16 kHz mono samples
   * @throws RefusedRecordException when the transcript is empty or too long for the audio
   */
  public static SpeechSample sample(String id, float[] audio, String transcript, float weight)
      throws RefusedRecordException {
    String normalized = CharacterVocabulary.normalize(transcript);
    if (normalized.isEmpty()) {
      throw new RefusedRecordException(
          DeadLetterReason.EMPTY_TRANSCRIPT, "the teacher's transcript has no usable characters");
    }
    // CTC needs at least one output frame per token (20 ms per frame after the front end).
    if (audio.length / 320 < normalized.length()) {
      throw new RefusedRecordException(
          DeadLetterReason.TRANSCRIPT_TOO_LONG,
          normalized.length() + " characters for " + audio.length + " samples");
    }
    return new SpeechSample(id, audio, CharacterVocabulary.encode(normalized), weight);
  }

  private static String transcript(ScoredRecord record) throws RefusedRecordException {
    return TrainingTarget.transcript(record.getLabeled().getOutputs())
        .orElseThrow(
            () ->
                new RefusedRecordException(
                    DeadLetterReason.MISSING_TEACHER_OUTPUT, "no TEACHER or ENSEMBLE transcript"))
        .getTranscript();
  }
}
