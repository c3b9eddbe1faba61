package io.distillery.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.avro.WordConfidence;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.testkit.media.TestPayloads;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordAlignedCutsTest {

  @Test
  void shouldCutALongRecordingIntoWindowsThatKeepEveryWordWholeAndInOrder() throws Exception {
    // a word every 2.5 s over 100 s, each 2 s long
    List<WordConfidence> words = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      words.add(word("w" + i, 2.5 * i, 2.5 * i + 2));
    }

    List<WordAlignedCuts.Piece> pieces = WordAlignedCuts.cut(words, 100, 30);

    assertThat(pieces).hasSizeGreaterThanOrEqualTo(4);
    List<String> heard = new ArrayList<>();
    double previousEnd = 0;
    for (WordAlignedCuts.Piece p : pieces) {
      assertThat(p.endSeconds() - p.startSeconds()).isPositive().isLessThanOrEqualTo(30);
      assertThat(p.startSeconds()).isGreaterThanOrEqualTo(previousEnd);
      previousEnd = p.endSeconds();
      for (String w : p.text().split(" ")) {
        int i = Integer.parseInt(w.substring(1));
        // the whole word lies inside its piece
        assertThat(2.5 * i).isGreaterThanOrEqualTo(p.startSeconds());
        assertThat(2.5 * i + 2).isLessThanOrEqualTo(p.endSeconds());
        heard.add(w);
      }
    }
    assertThat(heard).isEqualTo(words.stream().map(WordConfidence::getWord).toList());
    // cuts fall in the silences between words, halfway
    assertThat(pieces.get(0).endSeconds() % 2.5).isEqualTo(2.25);
  }

  @Test
  void shouldSkipALongPauseAndStartEachPieceJustBeforeItsFirstWord() throws Exception {
    List<WordConfidence> words =
        List.of(word("before", 1, 2), word("pause", 3, 4), word("after", 100, 101));

    List<WordAlignedCuts.Piece> pieces = WordAlignedCuts.cut(words, 120, 30);

    assertThat(pieces)
        .containsExactly(
            new WordAlignedCuts.Piece(0.5, 30.5, "before pause"),
            new WordAlignedCuts.Piece(99.5, 120, "after"));
  }

  @Test
  void shouldRefuseWithoutTimesOutOfOrderOutsideTheAudioOrAWordLongerThanTheWindow() {
    assertRefused(
        List.of(WordConfidence.newBuilder().setWord("x").setConfidence(1).build()),
        "no word times");
    assertRefused(List.of(), "no words");
    assertRefused(List.of(word("b", 5, 6), word("a", 4, 5)), "out of order");
    assertRefused(List.of(word("a", 5, 4)), "out of order");
    assertRefused(List.of(word("a", 5, 70)), "outside the audio");
    assertRefused(List.of(word("a", 5, 40)), "alone spans 35.5 s");
  }

  @Test
  void shouldTrainALongRecordingAsOneSamplePerPieceAndAShortOneWhole() throws Exception {
    byte[] wav = TestPayloads.goodWav(45);
    List<WordConfidence> words =
        List.of(word("hello", 1, 2), word("there", 20, 21), word("again", 40, 41));
    ScoredRecord record = ScoredRecords.speech("r", wav, "hello there again", words);

    List<SpeechSample> samples = new SpeechSamples().toSamples(record, wav);

    assertThat(samples).extracting(SpeechSample::id).containsExactly("r#0", "r#1");
    assertThat(samples.get(0).tokens())
        .isEqualTo(CharacterVocabulary.encode(CharacterVocabulary.normalize("hello there")));
    // 0.5 .. 30.5 s and 39.5 .. 45 s
    assertThat(samples.get(0).audio()).hasSize(30 * 16_000);
    assertThat(samples.get(1).audio()).hasSize((int) (5.5 * 16_000));
    assertThat(
            new SpeechSamples()
                .toSamples(
                    ScoredRecords.speech("s", TestPayloads.goodWav(10), "hi"),
                    TestPayloads.goodWav(10)))
        .extracting(SpeechSample::id)
        .containsExactly("s");
    assertThatThrownBy(
            () ->
                new SpeechSamples()
                    .toSamples(ScoredRecords.speech("u", wav, "hello there again"), wav))
        .isInstanceOfSatisfying(
            RefusedRecordException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.WAV_TOO_LONG));
  }

  private static void assertRefused(List<WordConfidence> words, String why) {
    assertThatThrownBy(() -> WordAlignedCuts.cut(words, 60, 30))
        .isInstanceOfSatisfying(
            RefusedRecordException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(DeadLetterReason.WAV_TOO_LONG);
              assertThat(e.getMessage()).contains("60.0 s of audio", why);
            });
  }

  private static WordConfidence word(String text, double start, double end) {
    return WordConfidence.newBuilder()
        .setWord(text)
        .setConfidence(0.9f)
        .setStartSeconds((float) start)
        .setEndSeconds((float) end)
        .build();
  }
}
