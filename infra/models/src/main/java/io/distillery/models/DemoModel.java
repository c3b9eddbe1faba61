package io.distillery.models;

import io.distillery.schemas.topics.TaskKind;
import java.util.List;

/**
 * A demo model whose TorchScript definition a script in the repository produces: the script's
 * resource name and the arguments that select the model.
 */
public enum DemoModel {
  /** The Fashion-MNIST teacher: a larger CNN. Input [B,1,28,28] in [0,1], output [B,10] logits. */
  IMAGE_TEACHER("image_models.py", List.of("teacher")),
  /**
   * The teacher behind an ImageNet-style input: [B,28,28,3] NHWC, colour normalised by ImageNet's
   * mean and std; for grey images its logits are the teacher's (same weights). A test model.
   */
  IMAGE_TEACHER_RGB_NHWC("image_models.py", List.of("teacher-rgb-nhwc")),
  /** The Fashion-MNIST student, at most a tenth of the teacher's parameters; same I/O. */
  IMAGE_STUDENT("image_models.py", List.of("student")),
  /**
   * The CTC speech student: forward takes 16 kHz samples and lengths and returns best-path token
   * ids and log-probabilities (what a server runs); the exported ctc_loss method is what training
   * calls.
   */
  SPEECH_STUDENT("speech_student.py", List.of());

  private final String script;
  private final List<String> arguments;

  DemoModel(String script, List<String> arguments) {
    this.script = script;
    this.arguments = arguments;
  }

  /** The untrained demo student of a task of {@code kind}. */
  public static DemoModel student(TaskKind kind) {
    return kind == TaskKind.SPEECH ? SPEECH_STUDENT : IMAGE_STUDENT;
  }

  /** The script's file name, a resource next to this class and a file under infra/models. */
  public String script() {
    return script;
  }

  /** The arguments before the output path. */
  public List<String> arguments() {
    return arguments;
  }

  /** The file-name stem of this model's TorchScript, e.g. {@code image-teacher}. */
  public String stem() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
