package io.distillery.lab.experiment;

import io.distillery.kserve.repository.ModelRepository;
import io.distillery.lab.Home;
import io.distillery.lab.teacher.ImageTeacher;
import io.distillery.lab.teacher.TeacherTraining;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.trainer.data.ImageSample;
import io.distillery.trainer.data.ImageSamples;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.ImageDistillation;
import io.distillery.trainer.engine.TorchScriptModule;
import io.distillery.trainer.engine.WeightAverage;
import io.distillery.trainer.replay.ReplayBuffer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Continual learning under drift on the image task. The stream changes what it carries halfway:
 * first only Fashion-MNIST's classes 0–4 (T-shirt … coat), then only classes 5–9 (sandal … ankle
 * boot), each image pseudo-labelled by the teacher as the labeler would. Every arm trains a fresh
 * student from the same initial weights on the same fresh samples, each seen once, with the
 * trainer's objective and optimiser, and is evaluated on held-out images of the old classes and of
 * the new ones as the stream goes:
 *
 * <ul>
 *   <li>{@link Arm#NAIVE}: online fine-tuning, each batch as it comes, nothing replayed;
 *   <li>{@link Arm#replay}: the trainer-consumer's defence, its {@link ReplayBuffer} reservoir
 *       mixed into every batch exactly as its loop does, at one arm per replay ratio;
 *   <li>{@link Arm#JOINT}: the same samples in one shuffled stream (no drift), the reference a
 *       defence is measured against.
 * </ul>
 */
public final class DriftExperiment {

  /** Classes below this one arrive first; the others after the drift. */
  static final int FIRST_NEW_CLASS = 5;

  static final String TEACHER = "fmnist-drift-teacher";

  /**
   * What one run does.
   *
   * @param workDir the teacher's model repository and the report
   * @param teacherImages labelled training images the teacher learns from (the stream uses others)
   * @param teacherEpochs the teacher's epochs
   * @param perPhase stream images before the drift, and again after it
   * @param batchSize fresh samples per step
   * @param evalEvery steps between evaluations
   * @param evalImages held-out images of each side (old classes, new classes) per evaluation
   * @param replayCapacity the defended arms' reservoir
   * @param replayRatios one defended arm per ratio of replayed samples per fresh one
   * @param emaDecay with a decay in (0, 1), two more arms: the naive one and the first replay one,
   *     each evaluated with the moving average of its weights (0: none)
   * @param seeds students per arm (seeds 7, 8, ...): initial weights, stream order and replay draws
   */
  public record Settings(
      Path workDir,
      int teacherImages,
      int teacherEpochs,
      int perPhase,
      int batchSize,
      int evalEvery,
      int evalImages,
      int replayCapacity,
      List<Double> replayRatios,
      float emaDecay,
      int seeds) {

    /** Validates the sizes. */
    public Settings {
      if (teacherImages < 1 || teacherEpochs < 1 || perPhase < 1 || batchSize < 1) {
        throw new IllegalArgumentException("sizes must be >= 1");
      }
      if (evalEvery < 1 || evalImages < 1 || seeds < 1) {
        throw new IllegalArgumentException("evaluation sizes and seeds must be >= 1");
      }
      replayRatios = List.copyOf(replayRatios);
      if (replayRatios.stream().anyMatch(r -> !(r > 0) || r.isInfinite())) {
        throw new IllegalArgumentException("replay ratios must be finite and > 0");
      }
      if (!(emaDecay >= 0 && emaDecay < 1)) {
        throw new IllegalArgumentException("the EMA decay must be in [0, 1)");
      }
    }

    /** The arms: naive, one per replay ratio, those two with weight averaging, joint. */
    public List<Arm> arms() {
      List<Arm> arms = new ArrayList<>();
      arms.add(Arm.NAIVE);
      replayRatios.forEach(r -> arms.add(Arm.replay(r)));
      if (emaDecay > 0) {
        arms.add(Arm.NAIVE.withAverage(emaDecay));
        replayRatios.stream()
            .findFirst()
            .ifPresent(r -> arms.add(Arm.replay(r).withAverage(emaDecay)));
      }
      arms.add(Arm.JOINT);
      return arms;
    }

    List<Long> seedList() {
      return java.util.stream.LongStream.range(
              ExperimentSettings.FIRST_SEED, ExperimentSettings.FIRST_SEED + seeds)
          .boxed()
          .toList();
    }
  }

  /**
   * How an arm meets the drift.
   *
   * @param name the arm's name in the report
   * @param description what it does
   * @param replayRatio replayed samples per fresh one (0: none)
   * @param emaDecay the decay of the moving average of the weights that is evaluated (0: the
   *     trained weights are)
   * @param joint whether the stream is shuffled into one, without drift (the reference)
   */
  public record Arm(
      String name, String description, double replayRatio, float emaDecay, boolean joint) {

    /** Naive online fine-tuning: each batch as it comes, nothing replayed. */
    public static final Arm NAIVE =
        new Arm("naive", "online fine-tuning: each batch once, nothing replayed", 0, 0, false);

    /** The reference: the same samples shuffled into one stream. */
    public static final Arm JOINT =
        new Arm(
            "joint", "reference: the same samples shuffled into one stream, no drift", 0, 0, true);

    /** The trainer's defence at {@code ratio} replayed samples per fresh one. */
    public static Arm replay(double ratio) {
      return new Arm(
          String.format(Locale.ROOT, "replay-%s", trim(ratio)),
          String.format(
              Locale.ROOT,
              "the trainer's defence: its reservoir mixed into every batch, %s replayed per fresh"
                  + " sample",
              trim(ratio)),
          ratio,
          0,
          false);
    }

    /** This arm with the moving average of its weights (decay {@code decay}) evaluated. */
    public Arm withAverage(float decay) {
      return new Arm(
          name + "+ema-" + trim(decay),
          description
              + String.format(
                  Locale.ROOT,
                  "; evaluated with the moving average of its weights (decay %s)",
                  trim(decay)),
          replayRatio,
          decay,
          joint);
    }

    private static String trim(double ratio) {
      return java.math.BigDecimal.valueOf(ratio).stripTrailingZeros().toPlainString();
    }

    private static String trim(float decay) {
      return new java.math.BigDecimal(Float.toString(decay)).stripTrailingZeros().toPlainString();
    }
  }

  /**
   * One evaluation.
   *
   * @param samples fresh samples trained so far
   * @param oldAccuracy held-out accuracy on the classes before the drift
   * @param newAccuracy held-out accuracy on the classes after it
   */
  public record Point(long samples, double oldAccuracy, double newAccuracy) {}

  /**
   * One student's run.
   *
   * @param arm its arm
   * @param seed its seed
   * @param points its evaluations, the last one after the whole stream
   * @param atDrift the evaluation when the last image before the drift was trained (for the joint
   *     arm, after as many samples)
   */
  public record Curve(Arm arm, long seed, List<Point> points, Point atDrift) {

    /** The evaluation after the whole stream. */
    public Point last() {
      return points.get(points.size() - 1);
    }

    /** The lowest old-class accuracy after the drift: how deep the forgetting went. */
    public double lowestOldAfterDrift() {
      return points.stream()
          .filter(p -> p.samples() > atDrift.samples())
          .mapToDouble(Point::oldAccuracy)
          .min()
          .orElse(Double.NaN);
    }
  }

  /**
   * The outcome.
   *
   * @param teacherAccuracy the teacher's accuracy on the held-out images of all classes
   * @param curves every student's curve, per arm in seed order
   * @param report the Markdown report
   */
  public record Outcome(double teacherAccuracy, Map<Arm, List<Curve>> curves, Path report) {

    /** The mean over seeds of an arm's last old-class accuracy. */
    public double finalOld(Arm arm) {
      return curves.get(arm).stream()
          .mapToDouble(c -> c.last().oldAccuracy())
          .average()
          .orElseThrow();
    }

    /** An arm's final old-class accuracy as a share of the joint student's. */
    public double keptOfJoint(Arm arm) {
      return finalOld(arm) / finalOld(Arm.JOINT);
    }
  }

  private final Settings settings;
  private final PrintWriter out;

  /**
   * @param settings what the run does
   * @param out where progress goes
   */
  public DriftExperiment(Settings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  /** Trains the teacher if needed, pseudo-labels the stream, runs every arm per seed, reports. */
  public Outcome run() throws IOException {
    LabelledImages train = LabelledImages.fashionMnist(Home.FASHION_MNIST, "train");
    LabelledImages test = LabelledImages.fashionMnist(Home.FASHION_MNIST, "t10k");
    ImageTeacher teacher =
        new ImageTeacher(
            new ModelRepository(settings.workDir().resolve("model-repository")), TEACHER);
    ImageTeacher.Outcome trained =
        teacher.ensureTrained(
            ModelDefinitions.inCache(Home.state("models")).ensure(DemoModel.IMAGE_TEACHER),
            train.head(settings.teacherImages()),
            test,
            new TeacherTraining.Settings(settings.teacherEpochs(), 64, 0.001f, 7),
            false,
            r -> {});
    out.printf(
        Locale.ROOT,
        "teacher %s v%d (%s): test accuracy %.4f%n",
        TEACHER,
        trained.version(),
        trained.trained() ? "trained" : "reused",
        trained.testAccuracy());
    out.flush();

    LabelledImages unseen = train.slice(settings.teacherImages(), train.size());
    List<ImageSample> before;
    List<ImageSample> after;
    try (TorchScriptModule model =
        TorchScriptModule.loadForInference(teacher.latestModelFile().orElseThrow())) {
      before = stream(model, unseen.ofClasses(c -> c < FIRST_NEW_CLASS), "old");
      after = stream(model, unseen.ofClasses(c -> c >= FIRST_NEW_CLASS), "new");
    }
    DistillationLoss loss = new DistillationLoss(2.0f, 0.8f, 1.0f);
    ImageDistillation oldSide =
        new ImageDistillation(
            ImageSamples.fashionMnist(),
            loss,
            test.ofClasses(c -> c < FIRST_NEW_CLASS).head(settings.evalImages()));
    ImageDistillation newSide =
        new ImageDistillation(
            ImageSamples.fashionMnist(),
            loss,
            test.ofClasses(c -> c >= FIRST_NEW_CLASS).head(settings.evalImages()));
    out.printf(
        Locale.ROOT,
        "stream: %d images of classes 0-4, then %d of classes 5-9, batches of %d; replay"
            + " reservoir %d samples%n",
        before.size(),
        after.size(),
        settings.batchSize(),
        settings.replayCapacity());
    out.flush();

    Map<Arm, List<Curve>> curves = new LinkedHashMap<>();
    for (Arm arm : settings.arms()) {
      curves.put(arm, new ArrayList<>());
    }
    for (long seed : settings.seedList()) {
      Path initial =
          ModelDefinitions.inCache(Home.state("models")).ensure(DemoModel.IMAGE_STUDENT, seed);
      for (Arm arm : settings.arms()) {
        Curve curve = train(arm, seed, initial, before, after, oldSide, newSide);
        curves.get(arm).add(curve);
        out.printf(
            Locale.ROOT,
            "  %-20s seed %d: at the drift old %.4f, lowest after it %.4f; at the end old %.4f,"
                + " new %.4f%n",
            arm.name(),
            seed,
            curve.atDrift().oldAccuracy(),
            curve.lowestOldAfterDrift(),
            curve.last().oldAccuracy(),
            curve.last().newAccuracy());
        out.flush();
      }
    }
    Path report = new DriftReport(settings, trained.testAccuracy(), curves).write();
    return new Outcome(trained.testAccuracy(), curves, report);
  }

  /** The first {@code perPhase} images of {@code images}, pseudo-labelled by the teacher. */
  private List<ImageSample> stream(TorchScriptModule teacher, LabelledImages images, String side) {
    LabelledImages phase = images.head(settings.perPhase());
    float[][] soft = OfflineDistillation.pseudoLabel(teacher, phase);
    List<ImageSample> samples = new ArrayList<>(phase.size());
    for (int i = 0; i < phase.size(); i++) {
      float[] pixels =
          Arrays.copyOfRange(phase.pixels(), i * phase.imageSize(), (i + 1) * phase.imageSize());
      samples.add(
          new ImageSample(
              side + "-" + i, pixels, OfflineDistillation.argMax(soft[i]), soft[i], true, 1f));
    }
    return samples;
  }

  /** One student through the stream as {@code arm} meets it. */
  private Curve train(
      Arm arm,
      long seed,
      Path initial,
      List<ImageSample> before,
      List<ImageSample> after,
      ImageDistillation oldSide,
      ImageDistillation newSide) {
    Random random = new Random(seed);
    List<ImageSample> first = new ArrayList<>(before);
    List<ImageSample> second = new ArrayList<>(after);
    Collections.shuffle(first, random);
    Collections.shuffle(second, random);
    List<ImageSample> stream = new ArrayList<>(first);
    stream.addAll(second);
    if (arm.joint()) {
      Collections.shuffle(stream, random);
    }
    ReplayBuffer<ImageSample> replay =
        new ReplayBuffer<>(
            arm.replayRatio() > 0 ? settings.replayCapacity() : 0, arm.replayRatio(), seed);
    List<Point> points = new ArrayList<>();
    Point atDrift = null;
    try (TorchScriptModule student =
            TorchScriptModule.load(initial, ExperimentArms.studentOptimizer());
        WeightAverage average =
            arm.emaDecay() > 0 ? new WeightAverage(student, arm.emaDecay()) : null) {
      int step = 0;
      for (int from = 0; from < stream.size(); from += settings.batchSize()) {
        int to = Math.min(stream.size(), from + settings.batchSize());
        List<ImageSample> fresh = stream.subList(from, to);
        List<ImageSample> batch = new ArrayList<>(fresh);
        batch.addAll(replay.draw(fresh.size()));
        oldSide.step(student, batch);
        fresh.forEach(replay::offer);
        if (average != null) {
          average.update();
        }
        step++;
        boolean drift = from < first.size() && to >= first.size();
        if (step % settings.evalEvery() == 0 || drift || to == stream.size()) {
          int samples = to;
          Supplier<Point> evaluate =
              () ->
                  new Point(
                      samples,
                      oldSide.evaluate(student).value(),
                      newSide.evaluate(student).value());
          Point point = average == null ? evaluate.get() : average.withAverage(evaluate::get);
          points.add(point);
          if (drift) {
            atDrift = point;
          }
        }
      }
    }
    return new Curve(arm, seed, List.copyOf(points), atDrift);
  }
}
