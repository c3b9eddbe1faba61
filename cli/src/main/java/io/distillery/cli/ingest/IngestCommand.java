package io.distillery.cli.ingest;

import io.distillery.media.speech.Sentences;
import io.distillery.media.speech.SynthesisRequest;
import io.distillery.media.speech.VoiceMix;
import io.distillery.producers.source.DirectorySource;
import io.distillery.producers.source.FashionMnistSource;
import io.distillery.producers.source.ManifestFormat;
import io.distillery.producers.source.ManifestSource;
import io.distillery.producers.source.SyntheticSpeechSource;
import io.distillery.producers.watch.DirectoryTarget;
import io.distillery.producers.watch.ManifestTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code distillery ingest dir|manifest|fmnist|synth}: validated samples into {@code <task>.raw}.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Validates samples and sends them to <task>.raw through an idempotent producer.",
    subcommands = {
      IngestCommand.Dir.class,
      IngestCommand.Manifest.class,
      IngestCommand.Fmnist.class,
      IngestCommand.Synth.class
    })
public final class IngestCommand {

  /** Options for following a source continuously. */
  static final class WatchOptions {
    @Option(names = "--watch", description = "Keep following the source and send what arrives.")
    boolean watch;

    @Option(
        names = "--state-file",
        paramLabel = "FILE",
        description = "What --watch has sent (default: a hidden file next to the source).")
    Path stateFile;

    @Option(
        names = "--poll-interval",
        defaultValue = "1000",
        paramLabel = "MS",
        description = "How often --watch looks for new input (default: ${DEFAULT-VALUE} ms).")
    long pollMillis;

    Path stateFileOr(Path fallback) {
      return stateFile != null ? stateFile : fallback;
    }
  }

  /** A directory of WAV, PNG and JPEG files. */
  @Command(
      name = "dir",
      mixinStandardHelpOptions = true,
      description = "Ingests every .wav/.png/.jpg under DIR (NAME.txt beside a file = reference).")
  static final class Dir implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin CommonIngestOptions common;
    @Mixin WatchOptions watch;

    @Parameters(paramLabel = "DIR", description = "Directory to ingest.")
    Path dir;

    @Override
    public Integer call() throws Exception {
      if (watch.watch) {
        return IngestRunner.watch(
            common,
            new DirectoryTarget(dir),
            watch.stateFileOr(dir.resolve(".distillery-ingest-state.json")),
            Duration.ofMillis(watch.pollMillis),
            spec.commandLine().getOut());
      }
      return IngestRunner.once(common, new DirectorySource(dir), spec.commandLine().getOut());
    }
  }

  /** A JSON Lines (NeMo style) or CSV manifest. */
  @Command(
      name = "manifest",
      mixinStandardHelpOptions = true,
      description =
          "Ingests the files a JSONL (audio_filepath, text, duration, lang) or CSV"
              + " manifest lists; relative paths resolve against the manifest's folder.")
  static final class Manifest implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin CommonIngestOptions common;
    @Mixin WatchOptions watch;

    @Parameters(paramLabel = "MANIFEST", description = "Manifest file (.jsonl/.json or .csv).")
    Path manifest;

    @Option(names = "--format", description = "JSONL or CSV (default: by file extension).")
    ManifestFormat format;

    @Option(
        names = "--path-column",
        defaultValue = "path",
        description = "CSV column with the file path (default: ${DEFAULT-VALUE}).")
    String pathColumn;

    @Option(
        names = "--reference-column",
        defaultValue = "text",
        description = "CSV column with the reference, if any (default: ${DEFAULT-VALUE}).")
    String referenceColumn;

    @Override
    public Integer call() throws Exception {
      ManifestSource source =
          new ManifestSource(
              manifest,
              format != null ? format : ManifestFormat.byName(manifest),
              pathColumn,
              referenceColumn);
      if (watch.watch) {
        Path fallback =
            manifest
                .toAbsolutePath()
                .resolveSibling("." + manifest.getFileName() + ".ingest-state.json");
        return IngestRunner.watch(
            common,
            new ManifestTarget(source),
            watch.stateFileOr(fallback),
            Duration.ofMillis(watch.pollMillis),
            spec.commandLine().getOut());
      }
      return IngestRunner.once(common, source, spec.commandLine().getOut());
    }
  }

  /** Fashion-MNIST images as PNG. */
  @Command(
      name = "fmnist",
      mixinStandardHelpOptions = true,
      description = "Ingests Fashion-MNIST images (PNG, 28x28 grayscale) from the IDX files.")
  static final class Fmnist implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin CommonIngestOptions common;

    @Option(
        names = "--data-dir",
        paramLabel = "DIR",
        description =
            "Folder of the IDX files (default: $DISTILLERY_FMNIST_DIR or Debian's dataset-fashion-mnist folder).")
    Path dataDir;

    @Option(
        names = "--split",
        defaultValue = "TRAIN",
        description = "TRAIN or TEST (default: ${DEFAULT-VALUE}).")
    FashionMnistSource.Split split;

    @Option(names = "--offset", defaultValue = "0", description = "First image index.")
    int offset;

    @Option(
        names = "--limit",
        defaultValue = "" + Integer.MAX_VALUE,
        description = "Most images to send (default: all).")
    int limit;

    @Option(
        names = "--with-labels",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Attach the true class index as reference; --no-with-labels to omit.")
    boolean withLabels;

    @Override
    public Integer call() throws Exception {
      String env = System.getenv("DISTILLERY_FMNIST_DIR");
      Path dir =
          dataDir != null
              ? dataDir
              : env != null && !env.isBlank() ? Path.of(env) : FashionMnistSource.DEBIAN_DIR;
      return IngestRunner.once(
          common,
          new FashionMnistSource(dir, split, offset, limit, withLabels),
          spec.commandLine().getOut());
    }
  }

  /** Synthetic speech from sentences. */
  @Command(
      name = "synth",
      mixinStandardHelpOptions = true,
      description =
          "Speaks sentences with espeak-ng/flite voices (sox: 16 kHz mono 16-bit, faint"
              + " noise), writes WAVs + manifest.jsonl, then ingests them with the sentence as"
              + " reference.")
  static final class Synth implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @Mixin CommonIngestOptions common;

    @Option(names = "--count", defaultValue = "200", description = "Utterances (default: 200).")
    int count;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: 42).")
    long seed;

    @Option(
        names = "--sentences",
        paramLabel = "FILE",
        description = "One sentence per line (default: the built-in list).")
    Path sentences;

    @Option(
        names = "--voices",
        defaultValue = VoiceMix.DEFAULT_SPEC,
        paramLabel = "MIX",
        description = "Weighted voices ENGINE:NAME=WEIGHT,... (default: ${DEFAULT-VALUE}).")
    String voices;

    @Option(
        names = "--output-dir",
        defaultValue = ".distillery/synth",
        paramLabel = "DIR",
        description = "Where the WAVs and manifest.jsonl go (default: ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--threads", defaultValue = "2", description = "Synthesis processes at once.")
    int threads;

    @Option(
        names = "--noise",
        defaultValue = "" + SynthesisRequest.DEFAULT_NOISE,
        description = "White-noise peak, fraction of full scale (default: ${DEFAULT-VALUE}).")
    double noise;

    @Override
    public Integer call() throws Exception {
      List<String> lines = sentences != null ? Sentences.fromFile(sentences) : Sentences.builtIn();
      SynthesisRequest request =
          new SynthesisRequest(
              lines, count, seed, VoiceMix.parse(voices), outputDir, threads, noise);
      return IngestRunner.once(
          common, new SyntheticSpeechSource(request, false), spec.commandLine().getOut());
    }
  }
}
