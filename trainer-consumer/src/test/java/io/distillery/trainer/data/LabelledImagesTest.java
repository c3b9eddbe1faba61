package io.distillery.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabelledImagesTest {

  // three 1x2 images of classes 4, 7, 4: each pixel tells which image it came from
  private final LabelledImages images =
      new LabelledImages(new float[] {0, 0.1f, 1, 1.1f, 2, 2.1f}, new int[] {4, 7, 4}, 1, 2);

  @Test
  void shouldKeepTheImagesOfTheChosenClassesWithTheirOwnPixelsInOrder() {
    LabelledImages fours = images.ofClasses(c -> c == 4);

    assertThat(fours.labels()).containsExactly(4, 4);
    assertThat(fours.pixels()).containsExactly(0, 0.1f, 2, 2.1f);
    assertThat(fours.rows()).isEqualTo(1);
    assertThat(fours.cols()).isEqualTo(2);
    assertThat(images.ofClasses(c -> c > 9).size()).isZero();
  }

  @Test
  void shouldSliceAndClipToTheSet() {
    assertThat(images.slice(1, 10).labels()).containsExactly(7, 4);
    assertThat(images.head(1).pixels()).containsExactly(0, 0.1f);
  }
}
