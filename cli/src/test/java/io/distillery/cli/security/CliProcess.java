package io.distillery.cli.security;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code distillery} command in a JVM of its own, as a user runs it, with its standard output
 * and error in a log file. Kafka's client loggers run at INFO so their configuration dumps are in
 * the log too.
 */
final class CliProcess implements AutoCloseable {

  private final String name;
  private final Process process;
  private final Path log;

  private CliProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  /** Starts {@code distillery args...}, logging into {@code logDir/name.log}. */
  static CliProcess start(String name, Path logDir, List<String> args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx768m");
    command.add("-cp");
    command.add(classPath());
    command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.distillery");
    command.add("-Dai.djl.offline=true");
    command.add("-Ddistillery.log.org.apache.kafka=INFO");
    command.add("io.distillery.cli.Distillery");
    command.addAll(args);
    Path log = Files.createDirectories(logDir).resolve(name + ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new CliProcess(name, process, log);
  }

  private static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    String path =
        surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    if (!path.contains("classes")) {
      Path cli = Path.of("target");
      path =
          cli.resolve("classes") + File.pathSeparator + cli.resolve("lib") + File.separator + "*";
    }
    return path;
  }

  /** Waits for the command to exit; its exit code, or -1 if it is still running. */
  int await(long seconds) throws InterruptedException {
    return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }

  boolean alive() {
    return process.isAlive();
  }

  /** What it printed so far. */
  String log() throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  String name() {
    return name;
  }

  /** Stops it as Ctrl-C would (SIGTERM, shutdown hooks run), forcibly after 30 s. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
