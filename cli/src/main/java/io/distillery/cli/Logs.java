package io.distillery.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Where the command's logs go (SLF4J over java.util.logging). By default everything from Distillery
 * at INFO and from libraries at WARNING goes to standard error, as a stage's output. A run that
 * prints its own progress (the demo, the experiment, chaos, the benchmarks) sends all logs to a
 * file under its folder instead, and keeps only Distillery's own warnings and errors on the
 * terminal.
 */
public final class Logs {

  private static final String OURS = "io.distillery";
  private static final String OVERRIDE = "distillery.log.";
  private static final java.util.List<Logger> CONFIGURED = new java.util.ArrayList<>();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private Logs() {}

  /** Stage output: Distillery at INFO and libraries at WARNING, on standard error. */
  public static void toConsole() {
    Logger root = reset();
    Handler console = new ConsoleHandler();
    console.setLevel(Level.ALL);
    console.setFormatter(new LineFormat());
    console.setFilter(r -> r.getLevel().intValue() >= threshold(r.getLoggerName()).intValue());
    root.addHandler(console);
  }

  /**
   * Every log line to {@code file} (created with its folder, appended to), and only Distillery's
   * own warnings and errors to the terminal.
   *
   * @return the log file, for the command to name
   */
  public static Path toFile(Path file) {
    Logger root = reset();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      FileHandler handler = new FileHandler(file.toAbsolutePath().toString(), true);
      handler.setLevel(Level.ALL);
      handler.setFormatter(new LineFormat());
      handler.setFilter(r -> r.getLevel().intValue() >= threshold(r.getLoggerName()).intValue());
      root.addHandler(handler);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the log file " + file, e);
    }
    Handler console = new ConsoleHandler();
    console.setLevel(Level.WARNING);
    console.setFormatter(new LineFormat());
    console.setFilter(r -> ours(r.getLoggerName()));
    root.addHandler(console);
    return file.toAbsolutePath();
  }

  /** {@link #toFile(Path)}, saying where the logs go on {@code out}. */
  public static Path toFile(Path file, java.io.PrintWriter out) {
    Path path = toFile(file);
    out.println("Logs (broker, libraries, stages): " + path);
    out.flush();
    return path;
  }

  private static Logger reset() {
    LogManager.getLogManager().reset();
    Logger root = Logger.getLogger("");
    root.setLevel(Level.INFO);
    CONFIGURED.clear();
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith(OVERRIDE)) {
        Logger logger = Logger.getLogger(key.substring(OVERRIDE.length()));
        logger.setLevel(level(System.getProperty(key)));
        CONFIGURED.add(logger); // java.util.logging forgets the level of a logger nobody holds
      }
    }
    return root;
  }

  private static Level threshold(String logger) {
    String name = logger == null ? "" : logger;
    String chosen = null;
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith(OVERRIDE)) {
        String prefix = key.substring(OVERRIDE.length());
        if (name.startsWith(prefix) && (chosen == null || prefix.length() > chosen.length())) {
          chosen = prefix;
        }
      }
    }
    if (chosen != null) {
      return level(System.getProperty(OVERRIDE + chosen));
    }
    return ours(logger) ? Level.INFO : Level.WARNING;
  }

  private static Level level(String slf4jName) {
    return switch (slf4jName.trim().toUpperCase(java.util.Locale.ROOT)) {
      case "TRACE", "DEBUG" -> Level.FINE;
      case "INFO" -> Level.INFO;
      case "WARN" -> Level.WARNING;
      default -> Level.SEVERE;
    };
  }

  private static boolean ours(String logger) {
    return logger != null && logger.startsWith(OURS);
  }

  /** {@code HH:mm:ss.SSS LEVEL Logger - message}, then the stack trace if any. */
  private static final class LineFormat extends Formatter {
    @Override
    public String format(LogRecord r) {
      String name = r.getLoggerName() == null ? "" : r.getLoggerName();
      StringBuilder line =
          new StringBuilder()
              .append(TIME.format(LocalTime.ofInstant(r.getInstant(), ZoneId.systemDefault())))
              .append(' ')
              .append(level(r.getLevel()))
              .append(' ')
              .append(name.substring(name.lastIndexOf('.') + 1))
              .append(" - ")
              .append(formatMessage(r))
              .append(System.lineSeparator());
      if (r.getThrown() != null) {
        StringWriter trace = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(trace));
        line.append(trace);
      }
      return line.toString();
    }

    private static String level(Level level) {
      if (level.intValue() >= Level.SEVERE.intValue()) {
        return "ERROR";
      }
      if (level.intValue() >= Level.WARNING.intValue()) {
        return "WARN";
      }
      return level.intValue() >= Level.INFO.intValue() ? "INFO" : "DEBUG";
    }
  }
}
