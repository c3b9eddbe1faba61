package io.distillery.cli.trainer;

import io.distillery.cli.LocalDataOptions;
import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.lab.speech.SpeechEvaluation;
import io.distillery.lab.teacher.ImageTeacher;
import io.distillery.media.speech.VoiceMix;
import io.distillery.models.DemoRepository;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.LibtorchThreads;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code distillery eval-model}: a teacher's quality. {@code --task fmnist}: test accuracy of an
 * image classifier in the model repository; {@code --task asr-en}: corpus WER of the speech teacher
 * and its proxy on synthetic utterances.
 */
@Command(
    name = "eval-model",
    mixinStandardHelpOptions = true,
    description = {
      "--task fmnist (default): the Fashion-MNIST test accuracy and parameter count of an image"
          + " classifier version in the model repository (default: the teacher's latest version).",
      "--task asr-en: synthesises --utterances sentences (espeak-ng / flite + sox), transcribes"
          + " them with the pocketsphinx teacher and its narrow-beam proxy (on a development server"
          + " started here, or --server) and prints each one's corpus WER with sclite's counts."
    })
public final class EvalTeacherCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  // --version names the model version here, which keeps picocli from mixing in -h/--help
  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help message and exit.")
  boolean help;

  @Option(
      names = "--model-name",
      defaultValue = "fmnist-teacher",
      description = "fmnist: the classifier's name in the repository (default: ${DEFAULT-VALUE}).")
  String modelName;

  @Option(names = "--version", description = "Version to evaluate (default: latest).")
  Long version;

  @Mixin LocalDataOptions local;

  @Option(
      names = "--threads",
      defaultValue = "2",
      description = "libtorch intra-op threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--task",
      defaultValue = "fmnist",
      paramLabel = "fmnist|asr-en",
      description = "Which teacher to evaluate (default: ${DEFAULT-VALUE}).")
  String task;

  @Option(
      names = "--utterances",
      defaultValue = "100",
      description = "asr-en: utterances to synthesise (default: ${DEFAULT-VALUE}).")
  int utterances;

  @Option(names = "--seed", defaultValue = "1", description = "asr-en: synthesis seed.")
  long seed;

  @Option(
      names = "--voices",
      defaultValue = VoiceMix.DEFAULT_SPEC,
      description = "asr-en: voice mix, VOICE=WEIGHT,... (default: the demo's mix).")
  String voices;

  @Option(
      names = "--server",
      paramLabel = "HOST:PORT",
      description = "asr-en: a running KServe v2 server (default: start one on the demo models).")
  String server;

  @Option(
      names = "--teacher",
      defaultValue = DemoRepository.ASR_TEACHER,
      description = "asr-en: the teacher model (default: ${DEFAULT-VALUE}).")
  String asrTeacher;

  @Option(
      names = "--proxy",
      defaultValue = DemoRepository.ASR_PROXY,
      description = "asr-en: the proxy model (default: ${DEFAULT-VALUE}).")
  String asrProxy;

  @Option(
      names = "--normalize",
      defaultValue = "none",
      paramLabel = "none|english|basic",
      description = "asr-en: text normaliser for WER (default: ${DEFAULT-VALUE}, sclite's counts).")
  String normalize;

  @Option(
      names = "--work-dir",
      description = "asr-en: folder for the audio and trn files (default: a new temporary one).")
  Path workDir;

  @Override
  public Integer call() throws Exception {
    switch (task) {
      case "fmnist" -> {
        return image();
      }
      case "asr-en" -> {
        return speech();
      }
      default -> {
        spec.commandLine().getErr().println("Unknown --task " + task + ": use fmnist or asr-en");
        return 2;
      }
    }
  }

  private int speech() throws Exception {
    if (utterances < 1) {
      spec.commandLine().getErr().println("--utterances must be at least 1");
      return 2;
    }
    Path dir = workDir != null ? workDir : Files.createTempDirectory("distillery-eval-asr");
    new SpeechEvaluation(
            utterances,
            seed,
            VoiceMix.parse(voices),
            normalize,
            Optional.ofNullable(server).map(ServerAddress::parse),
            asrTeacher,
            asrProxy,
            dir)
        .run(spec.commandLine().getOut());
    return 0;
  }

  private int image() throws Exception {
    LibtorchThreads.configure(threads);
    PrintWriter out = spec.commandLine().getOut();
    ModelRepository repo = new ModelRepository(local.repository());
    Long chosen =
        version != null
            ? version
            : repo.latestVersion(modelName).stream().boxed().findFirst().orElse(null);
    if (chosen == null) {
      spec.commandLine()
          .getErr()
          .println(
              "No version of "
                  + modelName
                  + " in "
                  + repo.root()
                  + ": run distillery train-teacher first");
      return 2;
    }
    LabelledImages test = LabelledImages.fashionMnist(local.datasetDir(), "t10k");
    ImageTeacher.Evaluation evaluation =
        ImageTeacher.evaluate(repo.modelFile(modelName, chosen), test);
    out.printf(
        Locale.ROOT,
        "%s version %d: test accuracy %.4f on %d images, %d parameters%n",
        modelName,
        chosen,
        evaluation.accuracy(),
        test.size(),
        evaluation.parameters());
    return 0;
  }
}
