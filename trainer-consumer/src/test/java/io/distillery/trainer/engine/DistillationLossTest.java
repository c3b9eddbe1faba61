package io.distillery.trainer.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DistillationLossTest {

  private static NDManager manager;

  private static final float[][] LOGITS = {{2f, 0.5f, -1f}, {0.1f, 0.2f, 1.5f}};
  private static final float[][] TEACHER = {{0.7f, 0.2f, 0.1f}, {0.05f, 0.15f, 0.8f}};

  /** The teacher's classes: the most probable of each row of {@link #TEACHER}. */
  private static final long[] LABELS = {0, 2};

  @BeforeAll
  static void start() {
    manager = NDManager.newBaseManager("PyTorch");
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  @Test
  void shouldMatchTheFormulaComputedByHand() {
    DistillationLoss loss = new DistillationLoss(2f, 0.8f, 1f);
    float[] hard = {1f, 0f};
    float[] weights = {1f, 0.5f};
    double expected = 0;
    for (int i = 0; i < 2; i++) {
      double ce = -logSoftmax(LOGITS[i], 1)[(int) LABELS[i]];
      double kl = kl(tempered(TEACHER[i], 2), logSoftmax(LOGITS[i], 2)) * 4;
      expected += weights[i] * (0.8 * hard[i] * ce + 1.0 * kl);
    }
    expected /= 2;

    float actual = compute(loss, LABELS, hard, weights);

    assertThat((double) actual).isCloseTo(expected, within(1e-5));
  }

  @Test
  void shouldLeaveOnlyTheSoftTermForSoftTargetOnlySamples() {
    DistillationLoss ceOnly = new DistillationLoss(1f, 1f, 0f);
    float masked = compute(ceOnly, LABELS, new float[] {0f, 0f}, new float[] {1f, 1f});
    float unmasked = compute(ceOnly, LABELS, new float[] {1f, 1f}, new float[] {1f, 1f});

    assertThat(masked).isZero();
    assertThat(unmasked).isPositive();
  }

  @Test
  void shouldIgnoreSamplesOfWeightZero() {
    DistillationLoss loss = DistillationLoss.distilWhisperDefaults();
    float both = compute(loss, LABELS, new float[] {1f, 1f}, new float[] {1f, 0f});
    float first =
        computeRows(
            loss,
            new float[][] {LOGITS[0]},
            new float[][] {TEACHER[0]},
            new long[] {0},
            new float[] {1f},
            new float[] {1f});

    assertThat(both).isCloseTo(first / 2, within(1e-6f));
  }

  @Test
  void shouldHaveNoKlWhenTheStudentMatchesTheTeacher() {
    DistillationLoss klOnly = new DistillationLoss(3f, 0f, 1f);
    float[][] logits = new float[2][3];
    for (int i = 0; i < 2; i++) {
      for (int c = 0; c < 3; c++) {
        logits[i][c] = (float) Math.log(TEACHER[i][c]) + 5f;
      }
    }
    float value =
        computeRows(klOnly, logits, TEACHER, LABELS, new float[] {1f, 1f}, new float[] {1f, 1f});

    assertThat(value).isCloseTo(0f, within(1e-5f));
  }

  @Test
  void shouldRejectAllZeroWeights() {
    assertThatThrownBy(() -> new DistillationLoss(2f, 0f, 0f))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static float compute(
      DistillationLoss loss, long[] labels, float[] hard, float[] weights) {
    return computeRows(loss, LOGITS, TEACHER, labels, hard, weights);
  }

  private static float computeRows(
      DistillationLoss loss,
      float[][] logits,
      float[][] teacher,
      long[] labels,
      float[] hard,
      float[] weights) {
    try (NDManager scope = manager.newSubManager()) {
      NDArray l = scope.create(flatten(logits), new Shape(logits.length, 3));
      NDArray t = scope.create(flatten(teacher), new Shape(teacher.length, 3));
      return loss.compute(l, scope.create(labels), t, scope.create(hard), scope.create(weights))
          .getFloat();
    }
  }

  private static float[] flatten(float[][] rows) {
    float[] flat = new float[rows.length * rows[0].length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * rows[i].length, rows[i].length);
    }
    return flat;
  }

  private static double[] logSoftmax(float[] logits, double temperature) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v / temperature);
    }
    double sum = 0;
    for (float v : logits) {
      sum += Math.exp(v / temperature - max);
    }
    double[] out = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = logits[i] / temperature - max - Math.log(sum);
    }
    return out;
  }

  private static double[] tempered(float[] probabilities, double temperature) {
    double[] out = new double[probabilities.length];
    double sum = 0;
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.pow(probabilities[i], 1 / temperature);
      sum += out[i];
    }
    for (int i = 0; i < out.length; i++) {
      out[i] /= sum;
    }
    return out;
  }

  private static double kl(double[] target, double[] logStudent) {
    double kl = 0;
    for (int i = 0; i < target.length; i++) {
      kl += target[i] * (Math.log(target[i]) - logStudent[i]);
    }
    return kl;
  }
}
