package io.distillery.labeler.task;

import io.distillery.kserve.tensor.TensorException;
import java.util.ArrayList;
import java.util.List;

/** Class scores to probabilities, and ensemble averaging (MEAL V2). */
public final class Probabilities {

  private Probabilities() {}

  /**
   * A probability distribution from scores: kept when already one (all in [0,1], sum 1 within
   * 1e-3), else softmax of the scores as logits.
   *
   * @throws TensorException with {@code non-finite-output} for NaN or infinite scores
   */
  public static float[] fromScores(float[] scores) {
    check(scores);
    return isDistribution(scores) ? scores.clone() : softmax(scores);
  }

  /**
   * Scores that must already be a distribution (all in [0,1], sum 1 within 1e-3).
   *
   * @throws TensorException with {@code non-finite-output} for NaN or infinite scores, {@code
   *     malformed-output} for scores that are not a distribution
   */
  public static float[] distribution(float[] scores) {
    float[] out = fromScores(scores);
    if (!isDistribution(scores)) {
      throw new TensorException(
          "malformed-output",
          "Probabilities do not form a distribution (bind the output as logits if they are"
              + " logits)");
    }
    return out;
  }

  /**
   * Softmax of logits.
   *
   * @throws TensorException with {@code non-finite-output} for NaN or infinite scores
   */
  public static float[] softmax(float[] logits) {
    check(logits);
    double max = Double.NEGATIVE_INFINITY;
    for (float s : logits) {
      max = Math.max(max, s);
    }
    double[] exp = new double[logits.length];
    double total = 0;
    for (int i = 0; i < logits.length; i++) {
      exp[i] = Math.exp(logits[i] - max);
      total += exp[i];
    }
    float[] out = new float[logits.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (exp[i] / total);
    }
    return out;
  }

  private static void check(float[] scores) {
    if (scores.length == 0) {
      throw new TensorException("wrong-shape", "No class scores");
    }
    for (float s : scores) {
      if (!Float.isFinite(s)) {
        throw new TensorException("non-finite-output", "Class scores contain " + s);
      }
    }
  }

  private static boolean isDistribution(float[] scores) {
    double sum = 0;
    for (float s : scores) {
      if (s < 0 || s > 1) {
        return false;
      }
      sum += s;
    }
    return Math.abs(sum - 1) < 1e-3;
  }

  /**
   * The element-wise mean of several distributions of the same length.
   *
   * @throws TensorException with {@code wrong-shape} if the lengths differ
   */
  public static List<Float> average(List<List<Float>> distributions) {
    int n = distributions.get(0).size();
    double[] sum = new double[n];
    for (List<Float> d : distributions) {
      if (d.size() != n) {
        throw new TensorException(
            "wrong-shape",
            "Ensemble members disagree on the class count: " + d.size() + " vs " + n);
      }
      for (int i = 0; i < n; i++) {
        sum[i] += d.get(i);
      }
    }
    List<Float> out = new ArrayList<>(n);
    for (double s : sum) {
      out.add((float) (s / distributions.size()));
    }
    return out;
  }

  static List<Float> boxed(float[] values) {
    List<Float> out = new ArrayList<>(values.length);
    for (float v : values) {
      out.add(v);
    }
    return out;
  }
}
