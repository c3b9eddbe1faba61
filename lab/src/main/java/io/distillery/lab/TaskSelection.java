package io.distillery.lab;

/** Which of the lab's two tasks a run covers: both, the image task or the speech task. */
public enum TaskSelection {
  /** fmnist and asr-en. */
  ALL,
  /** Fashion-MNIST images only. */
  FMNIST,
  /** Synthetic English speech only. */
  ASR_EN;

  /** Whether the image task runs. */
  public boolean images() {
    return this != ASR_EN;
  }

  /** Whether the speech task runs. */
  public boolean speech() {
    return this != FMNIST;
  }
}
