package io.distillery.trainer.data;

import io.distillery.media.audio.Wav;
import io.distillery.media.audio.WavPolicy;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.label.TrainingTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns an accepted speech record into {@link SpeechSample}s: the pseudo-transcript is the ENSEMBLE
 * output's when there is one, else the TEACHER's, normalised to the student's vocabulary. A
 * recording up to the training window ({@value #MAX_TRAINING_SECONDS} s) is one sample; a longer
 * one is cut into utterances at the teacher's word times ({@link WordAlignedCuts}), one sample each
 * (ids {@code <record id>#<piece>}), and refused when the label carries no times.
 */
public final class SpeechSamples {

  /** The sample rate the speech student's front end expects. */
  public static final int SAMPLE_RATE = 16_000;

  /**
   * The longest utterance the student trains on, Whisper's 30 s window as in Distil-Whisper's
   * training data. A CTC step costs time and memory in proportion to the utterance (a 600 s one
   * takes minutes on one core) and a transcript cannot be cut to match a part of its audio without
   * word times, so longer recordings are cut at their words or refused, never cropped.
   */
  public static final double MAX_TRAINING_SECONDS = 30;

  /**
   * The samples of {@code record} whose WAV payload is {@code payload}: one, or one per piece of a
   * long recording.
   *
   * @throws RefusedRecordException when the audio or transcript is unusable
   */
  public List<SpeechSample> toSamples(ScoredRecord record, byte[] payload)
      throws RefusedRecordException {
    float[] audio = audio(payload);
    String id = record.getLabeled().getRaw().getId();
    float weight = (float) record.getWeight();
    ModelOutput target = target(record);
    double seconds = audio.length / (double) SAMPLE_RATE;
    if (seconds <= MAX_TRAINING_SECONDS) {
      return List.of(sample(id, audio, target.getTranscript(), weight));
    }
    List<SpeechSample> samples = new ArrayList<>();
    List<WordAlignedCuts.Piece> pieces =
        WordAlignedCuts.cut(target.getWords(), seconds, MAX_TRAINING_SECONDS);
    for (int k = 0; k < pieces.size(); k++) {
      WordAlignedCuts.Piece p = pieces.get(k);
      if (CharacterVocabulary.normalize(p.text()).isEmpty()) {
        continue; // words the student cannot spell (numbers, fillers): nothing to learn
      }
      int from = (int) Math.round(p.startSeconds() * SAMPLE_RATE);
      int to = Math.min(audio.length, (int) Math.round(p.endSeconds() * SAMPLE_RATE));
      samples.add(sample(id + "#" + k, Arrays.copyOfRange(audio, from, to), p.text(), weight));
    }
    if (samples.isEmpty()) {
      throw new RefusedRecordException(
          DeadLetterReason.EMPTY_TRANSCRIPT, "the teacher's words have no usable characters");
    }
    return samples;
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

  private static ModelOutput target(ScoredRecord record) throws RefusedRecordException {
    return TrainingTarget.transcript(record.getLabeled().getOutputs())
        .orElseThrow(
            () ->
                new RefusedRecordException(
                    DeadLetterReason.MISSING_TEACHER_OUTPUT, "no TEACHER or ENSEMBLE transcript"));
  }
}
