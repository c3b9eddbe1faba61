package io.distillery.media.speech;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class VoiceMixTest {

  @Test
  void shouldParseWeightedVoicesAndTheEnginesTheyNeed() {
    VoiceMix mix = VoiceMix.parse("espeak:en-us+klatt2=3, flite:slt");

    assertThat(mix.weights())
        .containsEntry(Voice.parse("espeak:en-us+klatt2"), 3)
        .containsEntry(new Voice(Voice.Engine.FLITE, "slt"), 1);
    assertThat(mix.engines()).containsExactly(Voice.Engine.ESPEAK, Voice.Engine.FLITE);
  }

  @Test
  void shouldPickTheSameVoicesForTheSameSeedInProportionToWeights() {
    VoiceMix mix = VoiceMix.parse("flite:slt=3,flite:rms=1");
    List<Voice> first = picks(mix, 11);

    assertThat(picks(mix, 11)).isEqualTo(first);
    long slt = first.stream().filter(v -> v.name().equals("slt")).count();
    assertThat(slt).isBetween(700L, 800L);
  }

  @Test
  void defaultMixShouldBeMostlyRecognisableVoices() {
    VoiceMix mix = VoiceMix.defaults();
    int total = mix.weights().values().stream().mapToInt(Integer::intValue).sum();
    int hard =
        mix.weights().entrySet().stream()
            .filter(e -> e.getKey().name().startsWith("en-gb") || e.getKey().name().contains("+f"))
            .mapToInt(e -> e.getValue())
            .sum();
    assertThat((double) hard / total).isBetween(0.1, 0.3);
  }

  @Test
  void shouldExplainMalformedSpecs() {
    assertThatThrownBy(() -> VoiceMix.parse("en-us")).hasMessageContaining("ENGINE:NAME");
    assertThatThrownBy(() -> VoiceMix.parse("festival:kal"))
        .hasMessageContaining("espeak or flite");
    assertThatThrownBy(() -> VoiceMix.parse("flite:slt=x")).hasMessageContaining("not an integer");
  }

  private static List<Voice> picks(VoiceMix mix, long seed) {
    Random random = new Random(seed);
    return IntStream.range(0, 1000).mapToObj(i -> mix.pick(random)).toList();
  }
}
