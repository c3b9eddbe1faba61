package io.distillery.trainer.checkpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.distillery.kserve.repository.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A folder of checkpoints whose commit point is {@code checkpoint.json}: the model and optimiser
 * files of a new checkpoint are written and flushed first under new names, then the JSON that names
 * them replaces the old one by an atomic rename, then files no checkpoint names are removed. A
 * crash at any moment leaves the previous checkpoint whole.
 */
public final class CheckpointStore {

  /** The commit file. */
  public static final String COMMIT_FILE = "checkpoint.json";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;

  /** A store in {@code dir} (created on first save). */
  public CheckpointStore(Path dir) {
    this.dir = dir;
  }

  /** The checkpoint folder. */
  public Path dir() {
    return dir;
  }

  /**
   * Writes a checkpoint: {@code model} and {@code optimizer} contents under names derived from the
   * step, then the commit file. The file names and model hash in {@code checkpoint} are replaced.
   *
   * @return the checkpoint as committed
   */
  public Checkpoint save(
      Checkpoint checkpoint, AtomicFiles.Content model, AtomicFiles.Content optimizer)
      throws IOException {
    Files.createDirectories(dir);
    String modelFile = "model-" + checkpoint.step() + ".pt";
    String optimizerFile = optimizer == null ? "" : "optimizer-" + checkpoint.step() + ".ndlist";
    MessageDigest sha = sha256();
    AtomicFiles.write(
        dir.resolve(modelFile),
        out -> {
          DigestOutputStream digesting = new DigestOutputStream(nonClosing(out), sha);
          model.writeTo(digesting);
          digesting.flush();
        });
    if (optimizer != null) {
      AtomicFiles.write(dir.resolve(optimizerFile), optimizer);
    }
    Checkpoint committed =
        new Checkpoint(
            checkpoint.task(),
            checkpoint.topic(),
            checkpoint.nextOffsets(),
            checkpoint.step(),
            checkpoint.samplesTrained(),
            checkpoint.samplesReplayed(),
            checkpoint.samplesDeadLettered(),
            checkpoint.idDigest(),
            modelFile,
            HexFormat.of().formatHex(sha.digest()),
            optimizerFile,
            checkpoint.optimizerStep(),
            checkpoint.publishedVersion(),
            checkpoint.publishedMetric());
    byte[] json = JSON.writeValueAsBytes(committed);
    AtomicFiles.write(dir.resolve(COMMIT_FILE), out -> out.write(json));
    removeUnreferenced(Set.of(COMMIT_FILE, modelFile, optimizerFile));
    return committed;
  }

  /**
   * The committed checkpoint, if any, after checking its model file's hash.
   *
   * @throws IOException when the commit file names a missing or altered model file
   */
  public Optional<Checkpoint> latest() throws IOException {
    // A reader may race the trainer: between reading the commit file and opening its model file a
    // newer checkpoint can be committed and the older model removed. Re-read the commit then.
    for (int attempt = 1; ; attempt++) {
      Path commit = dir.resolve(COMMIT_FILE);
      if (!Files.isRegularFile(commit)) {
        return Optional.empty();
      }
      Checkpoint checkpoint = JSON.readValue(commit.toFile(), Checkpoint.class);
      try {
        verifyModel(checkpoint);
        return Optional.of(checkpoint);
      } catch (java.nio.file.NoSuchFileException e) {
        Checkpoint now = JSON.readValue(commit.toFile(), Checkpoint.class);
        if (attempt >= 3 || now.modelFile().equals(checkpoint.modelFile())) {
          throw e;
        }
      }
    }
  }

  private void verifyModel(Checkpoint checkpoint) throws IOException {
    Path model = dir.resolve(checkpoint.modelFile());
    MessageDigest sha = sha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(model), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    String actual = HexFormat.of().formatHex(sha.digest());
    if (!actual.equals(checkpoint.modelSha256())) {
      throw new IOException(
          "Checkpoint model "
              + model
              + " has SHA-256 "
              + actual
              + ", expected "
              + checkpoint.modelSha256());
    }
  }

  /** A file of the checkpoint, resolved in the folder. */
  public Path resolve(String file) {
    return dir.resolve(file);
  }

  private void removeUnreferenced(Set<String> keep) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (!keep.contains(name)
            && (name.startsWith("model-")
                || name.startsWith("optimizer-")
                || name.startsWith("."))) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static OutputStream nonClosing(OutputStream out) {
    return new java.io.FilterOutputStream(out) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        flush();
      }
    };
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
