package io.distillery.lab.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One stage of the pipeline running as a {@code distillery} subcommand in a JVM of its own, started
 * with this JVM's class path. Each start logs to a file of its own under the log folder.
 */
public final class StageProcess implements AutoCloseable {

  private final String name;
  private final List<String> arguments;
  private final String maxHeap;
  private final Path logs;
  private final Path home;
  private Process process;
  private int starts;
  private int kills;

  /**
   * @param name the stage, e.g. {@code labeler}
   * @param arguments the {@code distillery} subcommand and its options
   * @param maxHeap the child's {@code -Xmx}, e.g. {@code 512m}
   * @param logs where each start's output goes
   * @param home the project home the child resolves {@code .distillery/} under
   */
  public StageProcess(String name, List<String> arguments, String maxHeap, Path logs, Path home) {
    this.name = name;
    this.arguments = List.copyOf(arguments);
    this.maxHeap = maxHeap;
    this.logs = logs;
    this.home = home;
  }

  public String name() {
    return name;
  }

  public int kills() {
    return kills;
  }

  public synchronized void start() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(name + " is already running");
    }
    Files.createDirectories(logs);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + maxHeap);
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.distillery");
    command.add("-Dai.djl.offline=true");
    command.add("-Dai.djl.pytorch.num_threads=1");
    command.add("-Dai.djl.pytorch.num_interop_threads=1");
    command.add("-Ddistillery.home=" + home.toAbsolutePath());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.distillery.cli.Distillery");
    command.addAll(arguments);
    Path log = logs.resolve(name + "-" + (++starts) + ".log");
    process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** SIGKILL, as a crash: no shutdown hook runs. */
  public synchronized void kill() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor();
      kills++;
    }
  }

  /**
   * SIGTERM and wait for the shutdown hooks; SIGKILL after {@code seconds}. Returns the exit code.
   */
  public synchronized int stop(long seconds) throws InterruptedException {
    if (process == null) {
      return 0;
    }
    process.destroy();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor();
    }
    return process.exitValue();
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The process id of the running process, or -1 when it is not running. */
  public synchronized long pid() {
    return process != null && process.isAlive() ? process.pid() : -1;
  }

  /** The last start's log file. */
  public Path lastLog() {
    return logs.resolve(name + "-" + starts + ".log");
  }

  /**
   * The resident set size of the running process (Linux {@code /proc/<pid>/status} VmRSS), or -1
   * when it is not running or the figure cannot be read.
   */
  public synchronized long residentBytes() {
    if (process == null || !process.isAlive()) {
      return -1;
    }
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[1]) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      process.waitFor();
    }
  }
}
