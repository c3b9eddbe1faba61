package io.distillery.modelserver.repository;

import io.distillery.claimcheck.s3.S3Folder;
import io.distillery.kserve.repository.AtomicFiles;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.kserve.repository.RepositoryException;
import io.distillery.kserve.repository.VersionPolicy;
import io.distillery.modelserver.ServingException;
import io.distillery.modelserver.ServingException.Reason;
import io.distillery.modelserver.backend.Backends;
import io.distillery.modelserver.backend.ModelBackend;
import io.distillery.modelserver.scheduling.BatchPolicy;
import io.distillery.modelserver.scheduling.DynamicBatcher;
import io.distillery.modelserver.scheduling.ModelStats;
import io.distillery.schemas.kserve.RepositoryIndexResponse.ModelIndex;
import io.distillery.schemas.kserve.config.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models a server has loaded from its repository, with Triton's EXPLICIT model control: loading
 * (again) opens the versions the policy selects that are not loaded yet, switches to the new set
 * only when all opened, and then retires versions no longer selected; a failed load leaves the old
 * set serving. Unloading retires every version; queued requests are still answered.
 */
public final class ModelManager implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ModelManager.class);

  private final ModelRepository repository;
  private final Optional<S3Folder> remote;
  private final Map<String, LoadedModel> loaded = new ConcurrentHashMap<>();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final java.util.Set<String> unloaded = ConcurrentHashMap.newKeySet();

  /** A manager with nothing loaded yet. */
  public ModelManager(ModelRepository repository) {
    this(repository, Optional.empty());
  }

  /**
   * A manager with nothing loaded yet whose repository is a local copy of {@code remote}: each load
   * first copies the model's folder (config and versions) from the store, as Triton reads an {@code
   * s3://} repository when asked to load.
   */
  public ModelManager(ModelRepository repository, Optional<S3Folder> remote) {
    this.repository = repository;
    this.remote = remote;
  }

  /** The repository the models come from. */
  public ModelRepository repository() {
    return repository;
  }

  /**
   * Loads or reloads a model; fails (and keeps what was serving) when any selected version fails.
   */
  public synchronized LoadedModel load(String name) {
    try {
      fetch(name);
      LoadedModel model = open(name);
      LoadedModel previous = loaded.put(name, model);
      unloaded.removeIf(entry -> entry.startsWith(name + "/"));
      failures.remove(name);
      if (previous != null) {
        previous
            .versions()
            .forEach(
                (v, served) -> {
                  if (model.versions().get(v) != served) {
                    served.batcher().close();
                  }
                });
      }
      log.info("model {} serves versions {}", name, model.versions().keySet());
      return model;
    } catch (ServingException | RepositoryException e) {
      failures.put(name, e.getMessage());
      throw e;
    }
  }

  /**
   * Loads a model handed over by the client, as Triton's load API with a {@code config} override
   * and {@code file:<path>} parameters: the files are written into the model's folder of this
   * server's repository (a version folder per {@code <v>/...} path), the config replaces its
   * config.pbtxt, and the model is loaded as by {@link #load(String)}. As on Triton, files without
   * a config fail with INTERNAL "failed to poll from model repository", and a path that leaves the
   * model's folder with INVALID_ARGUMENT.
   *
   * @param config the config override, if any
   * @param files file bytes by path relative to the model's folder
   */
  public synchronized LoadedModel load(
      String name, Optional<ModelConfig> config, Map<String, byte[]> files) {
    if (config.isEmpty()) {
      if (!files.isEmpty()) {
        throw new ServingException(
            Reason.INTERNAL, "failed to load '" + name + "', failed to poll from model repository");
      }
      return load(name);
    }
    ModelConfig override = config.get();
    if (!override.getName().isEmpty() && !override.getName().equals(name)) {
      throw new ServingException(
          Reason.INTERNAL, "failed to load '" + name + "', failed to poll from model repository");
    }
    Path dir = repository.root().resolve(name).normalize();
    if (!dir.getParent().equals(repository.root().normalize())) {
      throw ServingException.invalid("model name '" + name + "' is not a plain folder name");
    }
    try {
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path target = dir.resolve(file.getKey()).normalize();
        if (!target.startsWith(dir) || target.equals(dir)) {
          throw ServingException.invalid(
              "Invalid file parameter 'file:"
                  + file.getKey()
                  + "' with normalized path '"
                  + target
                  + "' must stay within model directory.");
        }
        Files.createDirectories(target.getParent());
        byte[] bytes = file.getValue();
        AtomicFiles.write(target, out -> out.write(bytes));
      }
      repository.writeConfig(override.toBuilder().setName(name).build());
    } catch (IOException e) {
      throw new ServingException(
          Reason.INTERNAL, "failed to load '" + name + "': " + e.getMessage(), e);
    }
    return load(name);
  }

  /** Copies the model's folder from the remote repository, if there is one. */
  private void fetch(String name) {
    if (remote.isEmpty()) {
      return;
    }
    try {
      List<Path> copied = remote.get().download(name, repository.root());
      if (!copied.isEmpty()) {
        log.info("copied {} file(s) of {} from {}", copied.size(), name, remote.get().location());
      }
    } catch (IOException e) {
      throw new ServingException(
          Reason.INTERNAL,
          "failed to load '" + name + "', failed to poll from model repository: " + e.getMessage());
    }
  }

  /** Whether every model of the repository that was asked to load is serving: strict readiness. */
  public boolean allLoadsSucceeded() {
    return failures.isEmpty();
  }

  /** Unloads a model; NOT_FOUND when it is not in the repository. */
  public synchronized void unload(String name) {
    repository.modelDir(name);
    LoadedModel previous = loaded.remove(name);
    failures.remove(name);
    if (previous != null) {
      previous.versions().keySet().forEach(v -> unloaded.add(name + "/" + v));
      previous.versions().values().forEach(v -> v.batcher().close());
      log.info("model {} unloaded", name);
    }
  }

  /**
   * The version that answers a request: the given one, or the highest loaded when empty. NOT_FOUND
   * for names or versions the repository lacks, UNAVAILABLE for ones that are not loaded.
   */
  public ServedVersion resolve(String name, String version) {
    LoadedModel model = loaded.get(name);
    if (model == null) {
      repository.modelDir(name);
      throw new ServingException(Reason.UNAVAILABLE, "model '" + name + "' is not loaded");
    }
    if (version.isEmpty()) {
      return model.versions().lastEntry().getValue();
    }
    long number = parseVersion(version);
    ServedVersion served = model.versions().get(number);
    if (served == null) {
      throw new ServingException(
          repository.versions(name).contains(number) ? Reason.UNAVAILABLE : Reason.NOT_FOUND,
          "model '" + name + "' version " + version + " is not loaded");
    }
    return served;
  }

  /** The loaded model of that name, if any. */
  public Optional<LoadedModel> loaded(String name) {
    return Optional.ofNullable(loaded.get(name));
  }

  /** Every loaded model by name. */
  public Map<String, LoadedModel> loadedModels() {
    return Map.copyOf(loaded);
  }

  /**
   * Index of the repository, as Triton's: loaded versions READY; versions unloaded since
   * UNAVAILABLE with reason "unloaded" (the version kept); a failed load UNAVAILABLE with its
   * reason; a model never loaded by name only.
   */
  public List<ModelIndex> index(boolean readyOnly) {
    List<ModelIndex> entries = new ArrayList<>();
    for (String name : repository.modelNames()) {
      LoadedModel model = loaded.get(name);
      if (model != null) {
        model.versions().keySet().forEach(v -> entries.add(entry(name, v.toString(), "READY", "")));
      }
      if (readyOnly) {
        continue;
      }
      unloaded.stream()
          .filter(e -> e.startsWith(name + "/"))
          .sorted()
          .forEach(
              e ->
                  entries.add(
                      entry(name, e.substring(name.length() + 1), "UNAVAILABLE", "unloaded")));
      if (model == null && failures.containsKey(name)) {
        entries.add(entry(name, "", "UNAVAILABLE", failures.get(name)));
      } else if (model == null && unloaded.stream().noneMatch(e -> e.startsWith(name + "/"))) {
        entries.add(ModelIndex.newBuilder().setName(name).build());
      }
    }
    return entries;
  }

  private LoadedModel open(String name) {
    ModelConfig config = repository.readConfig(name);
    SortedSet<Long> wanted =
        VersionPolicy.select(config.getVersionPolicy(), repository.versions(name));
    if (wanted.isEmpty()) {
      throw new ServingException(Reason.NOT_FOUND, "model '" + name + "' has no version to serve");
    }
    LoadedModel current = loaded.get(name);
    boolean sameConfig = current != null && current.config().equals(config);
    NavigableMap<Long, ServedVersion> versions = new TreeMap<>();
    List<ServedVersion> opened = new ArrayList<>();
    try {
      for (long v : wanted) {
        ServedVersion existing = sameConfig ? current.versions().get(v) : null;
        ServedVersion served = existing != null ? existing : openVersion(name, config, v);
        if (existing == null) {
          opened.add(served);
        }
        versions.put(v, served);
      }
    } catch (RuntimeException e) {
      opened.forEach(s -> s.batcher().close());
      throw e;
    }
    return new LoadedModel(config, versions, labels(name, config));
  }

  /** Each labelled output's labels, one per line of its label file in the model's folder. */
  private Map<String, List<String>> labels(String name, ModelConfig config) {
    Map<String, List<String>> out = new java.util.HashMap<>();
    Path modelDir = repository.modelDir(name);
    for (var output : config.getOutputList()) {
      if (output.getLabelFilename().isEmpty()) {
        continue;
      }
      Path file = modelDir.resolve(output.getLabelFilename()).normalize();
      if (!file.startsWith(modelDir) || !Files.isRegularFile(file)) {
        continue;
      }
      try {
        out.put(
            output.getName(), Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot read " + file, e);
      }
    }
    return out;
  }

  private ServedVersion openVersion(String name, ModelConfig config, long version) {
    Path versionDir = repository.versionDir(name, version);
    ModelBackend backend;
    try {
      backend =
          "ensemble".equals(config.getPlatform())
              ? new EnsembleBackend(config, this)
              : Backends.open(config, versionDir);
    } catch (ServingException e) {
      throw e;
    } catch (Exception e) {
      throw new ServingException(
          Reason.INTERNAL, "model '" + name + "' version " + version + " failed to load: " + e, e);
    }
    ModelStats stats = new ModelStats();
    DynamicBatcher batcher =
        new DynamicBatcher(name + "/" + version, backend, BatchPolicy.of(config), stats);
    return new ServedVersion(version, batcher, stats);
  }

  private static long parseVersion(String version) {
    try {
      return Long.parseLong(version);
    } catch (NumberFormatException e) {
      throw ServingException.invalid("model version '" + version + "' is not a number");
    }
  }

  private static ModelIndex entry(String name, String version, String state, String reason) {
    return ModelIndex.newBuilder()
        .setName(name)
        .setVersion(version)
        .setState(state)
        .setReason(reason)
        .build();
  }

  /** Unloads every model. */
  @Override
  public synchronized void close() {
    loaded.keySet().forEach(this::unload);
    remote.ifPresent(S3Folder::close);
  }
}
