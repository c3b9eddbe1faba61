package io.distillery.trainer.publish;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.distillery.claimcheck.s3.S3Folder;
import io.distillery.kserve.repository.AtomicFiles;
import io.distillery.kserve.repository.ModelRepository;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The student's versions in a model repository, each a folder with {@code model.pt} and {@code
 * version.json}: listing, writing the next one, and rollback (a copy of an old version as the next,
 * so servers that follow the latest version switch back without deleting anything).
 */
public final class StudentVersions {

  /** The metadata file in each version folder. */
  public static final String INFO_FILE = "version.json";

  /** The status of a version that copies an older one ({@link #rollback}). */
  public static final String ROLLED_BACK = "ROLLED_BACK";

  /**
   * The status of a student state the trainer refused (a health problem); such a record names no
   * artifact and is never a version to serve.
   */
  public static final String REJECTED = "REJECTED";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ModelRepository repository;
  private final StudentSignature signature;
  private final String task;
  private final Optional<S3Folder> remote;
  private boolean synced;

  /**
   * @param repository the model repository
   * @param signature what the student is published as (its name is the model name)
   * @param task the task the student belongs to
   */
  public StudentVersions(ModelRepository repository, StudentSignature signature, String task) {
    this(repository, signature, task, Optional.empty());
  }

  /**
   * Versions written into {@code repository} and copied to the S3 repository {@code remote} (the
   * version's files first, then the model's {@code config.pbtxt}, so a server loading on seeing the
   * config finds them); their metadata then names the S3 copy.
   */
  public StudentVersions(
      ModelRepository repository,
      StudentSignature signature,
      String task,
      Optional<S3Folder> remote) {
    this.repository = repository;
    this.signature = signature;
    this.task = task;
    this.remote = remote;
  }

  /** The task the student belongs to. */
  public String task() {
    return task;
  }

  /** What the student is published as (name, signature, warm-up request). */
  public StudentSignature signature() {
    return signature;
  }

  /**
   * With an S3 repository, copies the model's folder from it once, so a staging copy that was lost
   * (a new machine, a new pod) still knows every version: for the bar a candidate must meet, the
   * next version number, and rollbacks.
   */
  private void sync() throws IOException {
    if (remote.isPresent() && !synced) {
      remote.get().download(signature.name(), repository.root());
      synced = true;
    }
  }

  /** Every version with its metadata, ascending. */
  public List<VersionInfo> list() throws IOException {
    sync();
    List<VersionInfo> infos = new ArrayList<>();
    for (long version : repository.publishedVersions(signature.name())) {
      info(version).ifPresent(infos::add);
    }
    return infos;
  }

  /** The newest version's metadata, if any. */
  public Optional<VersionInfo> latest() throws IOException {
    List<VersionInfo> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /** The metadata of one version, if it has any. */
  public Optional<VersionInfo> info(long version) throws IOException {
    Path file = repository.modelFile(signature.name(), version).resolveSibling(INFO_FILE);
    return Files.isRegularFile(file)
        ? Optional.of(JSON.readValue(file.toFile(), VersionInfo.class))
        : Optional.empty();
  }

  /**
   * Writes {@code model} as the next version with its metadata.
   *
   * @return the metadata written
   */
  public VersionInfo writeNext(
      byte[] model,
      long parentVersion,
      long step,
      long samples,
      Map<String, Double> metrics,
      String status)
      throws IOException {
    sync();
    long latest = repository.latestVersion(signature.name()).orElse(0);
    if (remote.isPresent()) {
      // never reuse a number the repository servers read already holds
      java.util.SortedSet<Long> published = remote.get().numberedFolders(signature.name());
      latest = Math.max(latest, published.isEmpty() ? 0 : published.last());
    }
    long version = latest + 1;
    Path modelFile = repository.modelFile(signature.name(), version);
    VersionInfo info =
        new VersionInfo(
            task,
            signature.name(),
            version,
            parentVersion,
            step,
            samples,
            Map.copyOf(metrics),
            remote
                .map(
                    r ->
                        r.location()
                            .uri(
                                r.location()
                                    .key(
                                        signature.name()
                                            + "/"
                                            + version
                                            + "/"
                                            + ModelRepository.MODEL_FILE))
                            .toString())
                .orElse(modelFile.toAbsolutePath().toUri().toString()),
            sha256(model),
            status,
            System.currentTimeMillis());
    byte[] json = JSON.writeValueAsBytes(info);
    repository.writeVersion(
        signature.modelConfig(),
        version,
        Map.<String, AtomicFiles.Content>of(
            ModelRepository.MODEL_FILE,
            out -> out.write(model),
            INFO_FILE,
            out -> out.write(json)));
    if (remote.isPresent()) {
      Path root = repository.root();
      remote.get().upload(root, signature.name() + "/" + version, List.of());
      remote.get().upload(root, signature.name() + "/config.pbtxt", List.of());
    }
    return info;
  }

  /**
   * Publishes a copy of version {@code to} as the next version, marked ROLLED_BACK.
   *
   * @return the new version's metadata
   */
  public VersionInfo rollback(long to) throws IOException {
    sync();
    VersionInfo source =
        info(to)
            .orElseThrow(
                () -> new IllegalArgumentException("No version " + to + " of " + signature.name()));
    byte[] model = Files.readAllBytes(repository.modelFile(signature.name(), to));
    return writeNext(model, to, source.step(), source.samplesSeen(), source.metrics(), ROLLED_BACK);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
