package io.distillery.lab.experiment;

import io.distillery.claimcheck.ClaimCheckResolver;
import io.distillery.filter.policy.Judge;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.lab.Home;
import io.distillery.lab.pipeline.PipelineTask;
import io.distillery.lab.teacher.ImageTeacher;
import io.distillery.lab.teacher.TeacherTraining;
import io.distillery.labeler.config.ModelBinding;
import io.distillery.models.DemoModel;
import io.distillery.models.ModelDefinitions;
import io.distillery.producers.ingest.IngestConfig;
import io.distillery.producers.ingest.IngestSummary;
import io.distillery.producers.ingest.Ingestor;
import io.distillery.producers.source.FashionMnistSource;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.trainer.data.ImageSamples;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.DistillationLoss;
import io.distillery.trainer.engine.ImageDistillation;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The {@code fmnist} side of the experiment. A deliberately weak teacher (the teacher CNN trained
 * briefly on a small labelled slice) gives the filter wrong pseudo-labels to remove; two peers
 * trained on other slices form a committee for label-free agreement. The stream is training images
 * none of them saw, with their true class attached as the reference for the supervised arm.
 */
final class ImageExperiment implements TaskExperiment {

  static final String TEACHER = "fmnist-weak-teacher";
  static final String[] PEERS = {"fmnist-weak-peer-1", "fmnist-weak-peer-2"};

  private final ExperimentSettings options;
  private final PrintWriter out;
  private final LabelledImages heldOut;
  private double teacherAccuracy = Double.NaN;

  ImageExperiment(ExperimentSettings options, PrintWriter out) throws IOException {
    this.options = options;
    this.out = out;
    this.heldOut =
        LabelledImages.fashionMnist(Home.FASHION_MNIST, "t10k").head(options.evalImages());
  }

  @Override
  public PipelineTask task() {
    return PipelineTask.FMNIST.as(
        PipelineTask.FMNIST.name(),
        List.of(
            new ModelBinding(ModelRole.TEACHER, TEACHER),
            new ModelBinding(ModelRole.COMMITTEE, PEERS[0]),
            new ModelBinding(ModelRole.COMMITTEE, PEERS[1])));
  }

  @Override
  public String metric() {
    return "accuracy";
  }

  @Override
  public String labelQualityName() {
    return "kept label accuracy";
  }

  @Override
  public double teacherMetric() {
    return teacherAccuracy;
  }

  @Override
  public String setting() {
    return String.format(
        Locale.ROOT,
        "teacher and two committee peers: the teacher CNN trained %d epoch(s) on %d labelled images"
            + " each (disjoint slices); stream: %d other training images, true class as reference;"
            + " student budget: %d steps of %d; evaluation: %d test images",
        options.weakTeacherEpochs(),
        options.weakTeacherImages(),
        options.images(),
        options.imageSteps(),
        options.imageBatch(),
        heldOut.size());
  }

  @Override
  public void prepareModels(Path repository) throws IOException {
    Path definition =
        ModelDefinitions.inCache(Home.state("models")).ensure(DemoModel.IMAGE_TEACHER);
    LabelledImages train = LabelledImages.fashionMnist(Home.FASHION_MNIST, "train");
    int n = options.weakTeacherImages();
    ModelRepository models = new ModelRepository(repository);
    String[] names = {TEACHER, PEERS[0], PEERS[1]};
    for (int i = 0; i < names.length; i++) {
      ImageTeacher.Outcome outcome =
          new ImageTeacher(models, names[i])
              .ensureTrained(
                  definition,
                  train.slice(i * n, (i + 1) * n),
                  heldOut,
                  new TeacherTraining.Settings(options.weakTeacherEpochs(), 64, 0.001f, 7 + i),
                  false,
                  r -> {});
      out.printf(
          Locale.ROOT,
          "  %s v%d (%s): test accuracy %.4f%n",
          names[i],
          outcome.version(),
          outcome.trained() ? "trained" : "reused",
          outcome.testAccuracy());
      out.flush();
      if (i == 0) {
        teacherAccuracy = outcome.testAccuracy();
      }
    }
  }

  @Override
  public IngestSummary ingest(String bootstrapServers, Path blobRoot)
      throws IOException, InterruptedException {
    FashionMnistSource source =
        new FashionMnistSource(
            FashionMnistSource.DEBIAN_DIR,
            FashionMnistSource.Split.TRAIN,
            PEERS.length * options.weakTeacherImages() + options.weakTeacherImages(),
            options.images(),
            true);
    return Ingestor.run(
        source, IngestConfig.defaults(task().name(), bootstrapServers).withBlobRoot(blobRoot));
  }

  @Override
  public List<ExperimentArms.Result> runArms(List<LabeledRecord> labeled, Path blobRoot)
      throws IOException {
    ImageDistillation objective =
        new ImageDistillation(
            ImageSamples.fashionMnist(), new DistillationLoss(2.0f, 0.8f, 1.0f), heldOut);
    Judge reference = new Judge(ExperimentArm.of(PipelineTask.FMNIST).get(1).policy());
    ClaimCheckResolver claimChecks = ClaimCheckResolver.local(List.of(blobRoot), 64L << 20);
    ExperimentArms<?> arms =
        ExperimentArms.ofDemoStudent(
            objective,
            DemoModel.IMAGE_STUDENT,
            options.seedList(),
            new FixedBudgetTraining.Budget(
                options.imageSteps(), options.imageBatch(), ExperimentSettings.FIRST_SEED),
            kept ->
                kept.stream()
                    .mapToDouble(r -> reference.score(r).getOrDefault("reference-agreement", 0.0))
                    .average()
                    .orElse(Double.NaN),
            claimChecks);
    List<ExperimentArm> catalogue = ExperimentArm.of(PipelineTask.FMNIST);
    // KD3: the stream as a labeler bound to the live student labels it, the served version being
    // the one a pipeline without a filter would serve after the same budget (a seed of its own)
    Path served = Files.createTempFile(blobRoot, ServedStudent.NAME, ".pt");
    FixedBudgetTraining.Outcome student =
        arms.trainAndSave(catalogue.get(0), labeled, ExperimentSettings.FIRST_SEED - 1, served);
    out.printf(
        Locale.ROOT,
        "  served student (for the KD3 arm): %s %.4f after %d unfiltered steps%n",
        student.metric().name(),
        student.metric().value(),
        student.steps());
    out.flush();
    List<LabeledRecord> withStudent = ServedStudent.annotate(labeled, served, claimChecks);
    Files.deleteIfExists(served);
    return ExperimentRun.runAll(arms, catalogue, withStudent, out);
  }
}
