package io.distillery.lab.demo;

import io.distillery.kafka.TopicProvisioner;
import io.distillery.lab.pipeline.PipelineTask;
import io.distillery.media.speech.Sentences;
import io.distillery.media.speech.SynthesisRequest;
import io.distillery.media.speech.SyntheticSpeech;
import io.distillery.media.speech.VoiceMix;
import io.distillery.producers.ingest.IngestConfig;
import io.distillery.producers.ingest.IngestSummary;
import io.distillery.producers.ingest.Ingestor;
import io.distillery.producers.source.FashionMnistSource;
import io.distillery.producers.source.SyntheticSpeechSource;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.schemas.topics.TopicLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The demo's producers: Fashion-MNIST training images and synthetic speech into the tasks' raw
 * topics (payloads over the inline limit by claim check under the run's blob folder), with a line
 * per task of what was sent, and the census of what landed.
 */
public final class DemoIngest {

  private final DemoSettings settings;
  private final PrintWriter out;

  /** The ingestion of a run with {@code settings}, reporting to {@code out}. */
  public DemoIngest(DemoSettings settings, PrintWriter out) {
    this.settings = settings;
    this.out = out;
  }

  /** Streams the selected tasks' data into their raw topics on {@code bootstrap}. */
  public void streamAll(String bootstrap) throws IOException, InterruptedException {
    if (settings.tasks().images()) {
      streamImages(bootstrap);
    }
    if (settings.tasks().speech()) {
      streamSpeech(bootstrap);
    }
  }

  void streamImages(String bootstrap) throws IOException, InterruptedException {
    String task = PipelineTask.FMNIST.name();
    TopicProvisioner.ensure(
        bootstrap, TaskTopics.of(task), TopicLayout.partitions(settings.partitions()));
    FashionMnistSource source =
        new FashionMnistSource(
            FashionMnistSource.DEBIAN_DIR,
            FashionMnistSource.Split.TRAIN,
            0,
            settings.images(),
            true);
    report(task, Ingestor.run(source, config(task, bootstrap)));
  }

  void streamSpeech(String bootstrap) throws IOException, InterruptedException {
    String task = PipelineTask.ASR_EN.name();
    TopicProvisioner.ensure(
        bootstrap, TaskTopics.of(task), TopicLayout.partitions(settings.partitions()));
    Path speechDir = settings.workDir().resolve("speech-training-" + settings.utterances());
    if (!Files.exists(SyntheticSpeech.manifestOf(speechDir))) {
      out.println(
          "Synthesising " + settings.utterances() + " utterances into " + speechDir + " ...");
      out.flush();
    }
    SyntheticSpeechSource source =
        new SyntheticSpeechSource(
            new SynthesisRequest(
                Sentences.forTraining(),
                settings.utterances(),
                7L,
                VoiceMix.defaults(),
                speechDir,
                2,
                SynthesisRequest.DEFAULT_NOISE),
            true);
    report(task, Ingestor.run(source, config(task, bootstrap)));
  }

  private IngestConfig config(String task, String bootstrap) {
    return IngestConfig.defaults(task, bootstrap).withBlobRoot(settings.workDir().resolve("blobs"));
  }

  private void report(String task, IngestSummary summary) {
    out.printf(
        "ingest %-7s sent %d, skipped as invalid %d, failed %d, %d payload bytes (%d by claim check) in %.1f s%n",
        task,
        summary.sent(),
        summary.invalid(),
        summary.failed(),
        summary.payloadBytes(),
        summary.claimChecked(),
        summary.elapsed().toMillis() / 1000.0);
    summary.problems().stream()
        .limit(5)
        .forEach(p -> out.println("  skipped " + p.identity() + ": " + p.reason()));
    out.flush();
  }

  /** Prints what landed on the selected tasks' raw topics. */
  public void printLanded(String bootstrap) {
    out.println();
    out.println("What landed:");
    out.printf(
        "  %-14s %8s %8s %8s %8s %12s %10s%n",
        "topic", "records", "ids", "inline", "claimchk", "bytes", "reference");
    for (PipelineTask task : new PipelineTask[] {PipelineTask.FMNIST, PipelineTask.ASR_EN}) {
      if ((task == PipelineTask.FMNIST && !settings.tasks().images())
          || (task == PipelineTask.ASR_EN && !settings.tasks().speech())) {
        continue;
      }
      String topic = TaskTopics.of(task.name()).raw();
      TopicCensus.RawCensus census = TopicCensus.raw(bootstrap, Map.of(), topic);
      out.printf(
          "  %-14s %8d %8d %8d %8d %12d %10d%n",
          topic,
          census.records(),
          census.distinctIds(),
          census.inline(),
          census.claimChecked(),
          census.payloadBytes(),
          census.withReference());
    }
    out.flush();
  }
}
