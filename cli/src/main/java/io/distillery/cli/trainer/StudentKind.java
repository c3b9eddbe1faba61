package io.distillery.cli.trainer;

import io.distillery.models.DemoModel;
import io.distillery.trainer.data.CharacterVocabulary;
import io.distillery.trainer.publish.StudentSignature;
import java.util.Locale;

/** Which student a task trains: the image classifier or the CTC speech recogniser. */
enum StudentKind {
  /** The Fashion-MNIST-shaped image classifier, evaluated by accuracy. */
  IMAGE,
  /** The CTC speech student, evaluated by word error rate. */
  SPEECH;

  /** The kind a task name implies when none is given: {@code asr*} tasks are speech. */
  static StudentKind forTask(String task) {
    return task.toLowerCase(Locale.ROOT).startsWith("asr") ? SPEECH : IMAGE;
  }

  /** The untrained demo student of this kind. */
  DemoModel demoModel() {
    return this == SPEECH ? DemoModel.SPEECH_STUDENT : DemoModel.IMAGE_STUDENT;
  }

  /** The signature (config.pbtxt, warm-up) of a student of this kind. */
  StudentSignature signature(String name) {
    return this == SPEECH
        ? StudentSignature.speechRecognizer(name, CharacterVocabulary.TOKENS.length())
        : StudentSignature.imageClassifier(name);
  }
}
