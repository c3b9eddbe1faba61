package io.distillery.asrmetrics.wer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.distillery.asrmetrics.text.ScliteNormalizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** With the {@code none} normaliser our counts equal NIST sclite's, utterance by utterance. */
@Tag("integration")
class ScliteAgreementIT {

  private static Path sclite;

  @TempDir Path dir;

  private final WerScorer scorer = new WerScorer(new ScliteNormalizer());

  @BeforeAll
  static void findSclite() {
    Optional<Path> found = Sclite.locate();
    assumeTrue(
        found.isPresent(),
        "sclite not found ($SCLITE, PATH, /usr/lib/sctk/bin): install the sctk package"
            + " (apt-get install sctk) to compare WER counts with NIST sclite");
    sclite = found.get();
  }

  @Test
  void shouldMatchScliteOnVariedHandWrittenUtterances() throws Exception {
    Path ref = copyResource("varied-ref.trn");
    Path hyp = copyResource("varied-hyp.trn");
    assertSameCounts(ref, hyp, 20);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void shouldMatchScliteOnRandomUtterancesFullOfTies(long seed) throws Exception {
    Random random = new Random(seed);
    String[] vocabulary =
        seed % 2 == 0 ? new String[] {"a", "b", "A"} : "x y z w the of".split(" ");
    List<String> refs = new ArrayList<>();
    List<String> hyps = new ArrayList<>();
    for (int n = 0; n < 300; n++) {
      String id = String.format("spk%d_utt%04d", n % 3, n);
      refs.add(randomWords(random, vocabulary, 0, 15) + " (" + id + ")");
      hyps.add(randomWords(random, vocabulary, 0, 15) + " (" + id + ")");
    }
    Path ref = Files.write(dir.resolve("random-ref.trn"), refs);
    Path hyp = Files.write(dir.resolve("random-hyp.trn"), hyps);
    assertSameCounts(ref, hyp, 300);
  }

  private void assertSameCounts(Path ref, Path hyp, int utterances) throws Exception {
    Sclite.Result expected = Sclite.run(sclite, ref, hyp);
    List<UtteranceScore> ours = scorer.scoreAll(TrnFormat.read(ref), TrnFormat.read(hyp));
    Map<String, EditCounts> actual = new LinkedHashMap<>();
    ours.forEach(s -> actual.put(s.id(), s.counts()));
    assertThat(actual).hasSize(utterances);
    assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected.perUtterance());
    assertThat(WerScorer.total(ours)).isEqualTo(expected.total());
  }

  private static String randomWords(Random random, String[] vocabulary, int min, int max) {
    int length = min + random.nextInt(max - min + 1);
    List<String> words = new ArrayList<>(length);
    for (int i = 0; i < length; i++) {
      words.add(vocabulary[random.nextInt(vocabulary.length)]);
    }
    return String.join(" ", words);
  }

  private Path copyResource(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(name)) {
      assertThat(in).as("test resource %s", name).isNotNull();
      Path target = dir.resolve(name);
      Files.writeString(target, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return target;
    }
  }
}
