package io.distillery.asrmetrics.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnglishNormalizerTest {

  private final EnglishNormalizer normalizer = new EnglishNormalizer();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Hello, World!|hello world",
        "[laughter] well <noise> (inaudible) okay|well okay",
        "Um, I think, uh, yes|i think yes",
        "I can't and won't|i can not and will not",
        "She's been here; they're there|she has been here they are there",
        "We'll see what you've done, I'm sure|we will see what you have done i am sure",
        "Mr. Smith met Dr Jones|mister smith met doctor jones",
        "twenty one people|21 people",
        "one hundred and five|105",
        "two thousand and twenty|2020",
        "nineteen ninety nine|1999",
        "three point one four|3.14",
        "the twenty first century|the 21st century",
        "wait a second|wait a second",
        "fifty percent|50%",
        "twenty dollars|$20",
        "1,000 people.|1000 people",
        "one two three|one 2 3",
        "a hundred years|a hundred years",
        "my favourite colour is grey|my favorite color is gray",
        "the theatre centre organised it|the theater center organized it",
        "Café naïve façade|cafe naive facade",
        "rock ’n’ roll|rock n roll",
        "They'd been told we'd go, y'all|they had been told we would go you all",
        "Let's say it ain't so, gonna see|let us say it aint so going to see",
        "It's John's turn; I'll wait|it is john is turn i will wait",
      })
  void shouldNormaliseLikeWhisper(String input, String expected) {
    assertThat(normalizer.normalize(input)).isEqualTo(expected);
  }
}
