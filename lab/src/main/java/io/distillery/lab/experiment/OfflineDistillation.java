package io.distillery.lab.experiment;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.trainer.consumer.StudentSettings;
import io.distillery.trainer.data.ImageSample;
import io.distillery.trainer.data.ImageSamples;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.ImageClassifier;
import io.distillery.trainer.engine.ImageDistillation;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.optim.CheckpointableOptimizer;
import io.distillery.trainer.optim.LearningRateSchedule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Distils the image student from the teacher's soft labels on the training images only (their true
 * labels are never read), with the same objective the trainer-consumer uses, and reports test
 * accuracy of both.
 */
public final class OfflineDistillation {

  private static final int LABEL_BATCH = 256;

  /**
   * The result.
   *
   * @param teacherAccuracy teacher's test accuracy
   * @param studentAccuracy student's test accuracy
   * @param teacherParameters teacher's parameter count
   * @param studentParameters student's parameter count
   * @param pseudoLabelAgreement fraction of training images whose pseudo-label equals the true one
   * @param seconds training wall time
   */
  public record Result(
      double teacherAccuracy,
      double studentAccuracy,
      long teacherParameters,
      long studentParameters,
      double pseudoLabelAgreement,
      double seconds) {}

  private OfflineDistillation() {}

  /**
   * The image half of {@code distil-check}: distils {@code studentDefinition} from the latest
   * version of {@code teacher} in {@code repository} with the Distil-Whisper loss weights, Adam
   * warmed up for 100 steps and halved each epoch, and returns the line that compares them.
   */
  public static String check(
      ModelRepository repository,
      String teacher,
      Path studentDefinition,
      Path datasetDir,
      int epochs,
      int batchSize,
      float learningRate,
      Consumer<String> progress)
      throws IOException {
    long version =
        repository
            .latestVersion(teacher)
            .orElseThrow(
                () ->
                    new IllegalStateException("No " + teacher + ": run distillery train-teacher"));
    int stepsPerEpoch = (60_000 + batchSize - 1) / batchSize;
    StudentSettings settings =
        new StudentSettings(
            studentDefinition,
            CheckpointableOptimizer.Kind.ADAM,
            new LearningRateSchedule(learningRate, 100, stepsPerEpoch, 0.5f, learningRate / 100),
            DistillationLoss.distilWhisperDefaults(),
            null,
            "unused",
            0);
    Result r =
        run(
            repository.modelFile(teacher, version),
            settings,
            LabelledImages.fashionMnist(datasetDir, "train"),
            LabelledImages.fashionMnist(datasetDir, "t10k"),
            epochs,
            batchSize,
            progress);
    return String.format(
        Locale.ROOT,
        "teacher %s v%d: accuracy %.4f, %d parameters; student: accuracy %.4f (%.1f%% of the teacher),"
            + " %d parameters (%.1f%% of the teacher); pseudo-labels agree with true labels on %.1f%%"
            + " of training images; %.0f s",
        teacher,
        version,
        r.teacherAccuracy(),
        r.teacherParameters(),
        r.studentAccuracy(),
        100 * r.studentAccuracy() / r.teacherAccuracy(),
        r.studentParameters(),
        100.0 * r.studentParameters() / r.teacherParameters(),
        100 * r.pseudoLabelAgreement(),
        r.seconds());
  }

  /** Runs the check; {@code progress} gets one line per epoch. */
  public static Result run(
      Path teacherFile,
      StudentSettings student,
      LabelledImages train,
      LabelledImages test,
      int epochs,
      int batchSize,
      Consumer<String> progress) {
    double teacherAccuracy;
    long teacherParameters;
    float[][] soft;
    try (TorchScriptModule teacher = TorchScriptModule.loadForInference(teacherFile)) {
      teacherAccuracy = ImageClassifier.accuracy(teacher, test);
      teacherParameters = teacher.parameterCount();
      soft = pseudoLabel(teacher, train);
    }
    List<ImageSample> samples = new ArrayList<>(train.size());
    long agree = 0;
    for (int i = 0; i < train.size(); i++) {
      int label = argMax(soft[i]);
      agree += label == train.labels()[i] ? 1 : 0;
      float[] pixels =
          Arrays.copyOfRange(train.pixels(), i * train.imageSize(), (i + 1) * train.imageSize());
      samples.add(new ImageSample("train-" + i, pixels, label, soft[i], true, 1f));
    }
    ImageDistillation objective =
        new ImageDistillation(ImageSamples.fashionMnist(), student.loss(), test);
    Random random = new Random(7);
    long start = System.nanoTime();
    try (TorchScriptModule module =
        TorchScriptModule.load(student.initialModel(), student.newOptimizer())) {
      double accuracy = 0;
      for (int epoch = 1; epoch <= epochs; epoch++) {
        java.util.Collections.shuffle(samples, random);
        double loss = 0;
        int steps = 0;
        for (int from = 0; from < samples.size(); from += batchSize) {
          loss +=
              objective.step(
                  module, samples.subList(from, Math.min(samples.size(), from + batchSize)));
          steps++;
        }
        accuracy = objective.evaluate(module).value();
        progress.accept(
            String.format(
                java.util.Locale.ROOT,
                "epoch %d: loss %.4f, student test accuracy %.4f, %.0f s",
                epoch,
                loss / steps,
                accuracy,
                (System.nanoTime() - start) / 1e9));
      }
      return new Result(
          teacherAccuracy,
          accuracy,
          teacherParameters,
          module.parameterCount(),
          (double) agree / train.size(),
          (System.nanoTime() - start) / 1e9);
    }
  }

  /** The teacher's softmax probabilities for every image, in order. */
  static float[][] pseudoLabel(TorchScriptModule teacher, LabelledImages images) {
    float[][] soft = new float[images.size()][];
    int[] order = new int[images.size()];
    Arrays.setAll(order, i -> i);
    for (int from = 0; from < images.size(); from += LABEL_BATCH) {
      int to = Math.min(images.size(), from + LABEL_BATCH);
      try (NDManager manager = teacher.newBatchManager()) {
        NDList out =
            teacher.predict(new NDList(ImageClassifier.batch(manager, images, order, from, to)));
        float[] probabilities = out.singletonOrThrow().softmax(1).toFloatArray();
        int classes = probabilities.length / (to - from);
        for (int i = from; i < to; i++) {
          soft[i] =
              Arrays.copyOfRange(probabilities, (i - from) * classes, (i - from + 1) * classes);
        }
      }
    }
    return soft;
  }

  static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }
}
