package io.distillery.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Produces the untrained TorchScript file of a {@link DemoModel} in a cache folder by running its
 * definition script with the system's Python and PyTorch, once: the file name carries a hash of the
 * script, so an edited definition is rebuilt and an unchanged one reused.
 */
public final class ModelDefinitions {

  /** Debian's interpreter with python3-torch; override with $DISTILLERY_PYTHON. */
  public static final String DEFAULT_PYTHON = "/usr/bin/python3";

  private static final Logger LOG = LoggerFactory.getLogger(ModelDefinitions.class);
  private static final long TIMEOUT_SECONDS = 300;

  private final Path cacheDir;
  private final String python;

  /**
   * @param cacheDir where the TorchScript files go (e.g. {@code .distillery/models})
   * @param python the interpreter that has PyTorch
   */
  public ModelDefinitions(Path cacheDir, String python) {
    this.cacheDir = cacheDir;
    this.python = python;
  }

  /** Definitions in {@code cacheDir}, run with $DISTILLERY_PYTHON or Debian's python3. */
  public static ModelDefinitions inCache(Path cacheDir) {
    String python = System.getenv().getOrDefault("DISTILLERY_PYTHON", DEFAULT_PYTHON);
    return new ModelDefinitions(cacheDir, python);
  }

  /**
   * The path of the model's untrained TorchScript, generating it first if it is missing.
   *
   * @throws ModelDefinitionException when Python or PyTorch is missing or the script fails
   */
  public Path ensure(DemoModel model) {
    return generated(model, null);
  }

  /**
   * The path of the model's untrained TorchScript initialised from {@code seed} (the script's
   * {@code --seed}), generating it first if it is missing: students of one architecture with
   * different initial weights, for experiments over several seeds.
   *
   * @throws ModelDefinitionException when Python or PyTorch is missing or the script fails
   */
  public Path ensure(DemoModel model, long seed) {
    return generated(model, seed);
  }

  private Path generated(DemoModel model, Long seed) {
    try {
      byte[] script = scriptBytes(model);
      Path target =
          cacheDir.resolve(
              model.stem()
                  + "-"
                  + shortHash(script)
                  + (seed == null ? "" : "-seed" + seed)
                  + ".pt");
      if (Files.isRegularFile(target)) {
        return target;
      }
      Files.createDirectories(cacheDir);
      Path scriptFile = Files.createTempFile(cacheDir, model.stem(), ".py");
      Path partial = Files.createTempFile(cacheDir, model.stem(), ".pt.partial");
      try {
        Files.write(scriptFile, script);
        run(scriptFile, model, seed, partial);
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(scriptFile);
        Files.deleteIfExists(partial);
      }
      LOG.info("Generated {} TorchScript at {}", model.stem(), target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot generate the " + model.stem() + " model", e);
    }
  }

  private void run(Path scriptFile, DemoModel model, Long seed, Path out) throws IOException {
    List<String> command = new ArrayList<>(List.of(python, scriptFile.toString()));
    command.addAll(model.arguments());
    command.add(out.toString());
    if (seed != null) {
      command.add("--seed");
      command.add(seed.toString());
    }
    Process process;
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new ModelDefinitionException(
          "Cannot run "
              + python
              + ": install Debian's PyTorch (apt-get install python3-torch) or set"
              + " DISTILLERY_PYTHON to a Python that has torch",
          e);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new ModelDefinitionException(model.script() + " did not finish in time", null);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new ModelDefinitionException("Interrupted while running " + model.script(), e);
    }
    if (process.exitValue() != 0) {
      throw new ModelDefinitionException(
          model.script() + " failed (exit " + process.exitValue() + "): " + output.strip(), null);
    }
    LOG.debug("{}: {}", model.script(), output.strip());
  }

  private static byte[] scriptBytes(DemoModel model) throws IOException {
    try (InputStream in = ModelDefinitions.class.getResourceAsStream(model.script())) {
      if (in == null) {
        throw new IllegalStateException("The model script " + model.script() + " is not packaged");
      }
      return in.readAllBytes();
    }
  }

  private static String shortHash(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
