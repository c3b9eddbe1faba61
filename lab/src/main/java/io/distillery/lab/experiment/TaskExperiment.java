package io.distillery.lab.experiment;

import io.distillery.lab.pipeline.PipelineTask;
import io.distillery.producers.ingest.IngestSummary;
import io.distillery.schemas.avro.LabeledRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What one task brings to {@code distillery experiment}: its models, stream, objective and arms.
 */
interface TaskExperiment {

  /** The task, with the models the labeler sends each record to. */
  PipelineTask task();

  /** The student's held-out metric, e.g. {@code accuracy} or {@code wer}. */
  String metric();

  /** What the label-quality column measures. */
  String labelQualityName();

  /** The teacher's value of {@link #metric()} on the same held-out set. */
  double teacherMetric();

  /** One sentence on the experiment's setting, for the report. */
  String setting();

  /** Puts the teacher(s) into the model repository (trained or reused). */
  void prepareModels(Path repository) throws IOException, InterruptedException;

  /** Streams the unlabelled records into the task's raw topic. */
  IngestSummary ingest(String bootstrapServers, Path blobRoot)
      throws IOException, InterruptedException;

  /** Runs every arm on the labeled stream. */
  List<ExperimentArms.Result> runArms(List<LabeledRecord> labeled, Path blobRoot)
      throws IOException, InterruptedException;
}
