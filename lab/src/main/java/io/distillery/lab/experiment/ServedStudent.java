package io.distillery.lab.experiment;

import io.distillery.claimcheck.ClaimCheckResolver;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.trainer.data.ImageSamples;
import io.distillery.trainer.data.LabelledImages;
import io.distillery.trainer.engine.TorchScriptModule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The KD3 arm's stream: each Fashion-MNIST record as a labeler bound to a live student labels it,
 * with the served student's answer beside the teacher's (the image decoded as the trainer decodes
 * it). The served student is the version a pipeline without a filter would be serving: the demo
 * student trained on the whole unfiltered stream with the arms' budget (and a seed of its own).
 */
final class ServedStudent {

  /** The model name the student's answers carry. */
  static final String NAME = "served-student";

  private ServedStudent() {}

  /**
   * {@code labeled} with the answer of the student in {@code file} added to each record whose image
   * decodes (the others are kept as they are: the arms' decoding refuses them anyway).
   */
  static List<LabeledRecord> annotate(
      List<LabeledRecord> labeled, Path file, ClaimCheckResolver claimChecks) {
    ImageSamples samples = ImageSamples.fashionMnist();
    int rows = samples.rows();
    int cols = samples.cols();
    List<Integer> decoded = new ArrayList<>();
    List<float[]> images = new ArrayList<>();
    for (int i = 0; i < labeled.size(); i++) {
      RawRecord raw = labeled.get(i).getRaw();
      try {
        images.add(samples.pixels(raw, claimChecks.payload(raw)));
        decoded.add(i);
      } catch (RefusedRecordException e) {
        continue;
      }
    }
    float[] pixels = new float[images.size() * rows * cols];
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(images.get(i), 0, pixels, i * rows * cols, rows * cols);
    }
    float[][] answers;
    try (TorchScriptModule student = TorchScriptModule.loadForInference(file)) {
      answers =
          OfflineDistillation.pseudoLabel(
              student, new LabelledImages(pixels, new int[images.size()], rows, cols));
    }
    List<LabeledRecord> out = new ArrayList<>(labeled);
    for (int k = 0; k < decoded.size(); k++) {
      int i = decoded.get(k);
      LabeledRecord record = LabeledRecord.newBuilder(labeled.get(i)).build();
      List<ModelOutput> outputs = new ArrayList<>(record.getOutputs());
      List<Float> probabilities = new ArrayList<>();
      for (float p : answers[k]) {
        probabilities.add(p);
      }
      outputs.add(
          ModelOutput.newBuilder()
              .setModelName(NAME)
              .setModelVersion("1")
              .setRole(ModelRole.STUDENT)
              .setProbabilities(probabilities)
              .build());
      record.setOutputs(outputs);
      out.set(i, record);
    }
    return out;
  }
}
