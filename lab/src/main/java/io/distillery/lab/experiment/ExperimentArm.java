package io.distillery.lab.experiment;

import io.distillery.filter.policy.FilterPolicy;
import io.distillery.filter.policy.PolicyLoader;
import io.distillery.lab.pipeline.PipelineTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One arm of {@code distillery experiment}: a filter policy applied to the same labeled stream, and
 * what kind of signal it needs.
 *
 * @param name short name, e.g. {@code max-prob-0.9}
 * @param signal {@code none}, {@code supervised} (needs a reference) or {@code label-free}; {@code
 *     soft} where uncertain labels are kept with half the weight (LPLD-style) instead of dropped
 * @param policy the policy, read from {@code policies/<task>/<name>.json} beside this class
 */
record ExperimentArm(String name, String signal, FilterPolicy policy) {

  private static final String[][] FMNIST = {
    {"none", "none"},
    {"reference", "supervised"},
    {"max-prob-0.5", "label-free"},
    {"max-prob-0.7", "label-free"},
    {"max-prob-0.9", "label-free"},
    {"max-prob-soft", "label-free, soft"},
    {"committee-majority", "label-free"},
    {"committee-unanimous", "label-free"},
    {"student-kd3", "label-free, live student"},
  };

  private static final String[][] ASR_EN = {
    {"none", "none"},
    {"reference-wer-0.1", "supervised"},
    {"reference-wer-0.2", "supervised"},
    {"reference-wer-0.3", "supervised"},
    {"reference-wer-0.5", "supervised"},
    {"proxy-wer-0.2", "label-free"},
    {"proxy-wer-0.4", "label-free"},
    {"confidence-0.6", "label-free"},
    {"confidence-soft", "label-free, soft"},
  };

  /** The arms of a demo task, in the order the report lists them. */
  static List<ExperimentArm> of(PipelineTask task) {
    String[][] arms = task.name().equals(PipelineTask.FMNIST.name()) ? FMNIST : ASR_EN;
    List<ExperimentArm> out = new ArrayList<>();
    for (String[] arm : arms) {
      String resource = "policies/" + task.name() + "/" + arm[0] + ".json";
      try (InputStream in = ExperimentArm.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing experiment policy " + resource);
        }
        out.add(new ExperimentArm(arm[0], arm[1], PolicyLoader.read(in, resource)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }
}
