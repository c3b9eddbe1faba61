package io.distillery.testkit.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Chromium run headless, as a person's browser would load a page: its scripts run (for up
 * to a virtual-time budget), then the rendered DOM or a screenshot comes back. Each call uses a
 * fresh profile under {@code work}.
 */
public final class HeadlessChromium {

  /** Where Debian's chromium package puts the browser. */
  public static final Path BINARY = Path.of("/usr/bin/chromium");

  private final Path work;

  /** A browser that keeps its profiles and outputs under {@code work}. */
  public HeadlessChromium(Path work) {
    this.work = work;
  }

  /** Whether the browser is installed here (apt package {@code chromium}). */
  public static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /** The page's DOM after its scripts ran. */
  public String dom(String url) throws IOException, InterruptedException {
    return run("--dump-dom", url);
  }

  /** Writes a PNG screenshot of the page to {@code file}. */
  public void screenshot(String url, Path file) throws IOException, InterruptedException {
    run("--screenshot=" + file.toAbsolutePath(), url);
    if (!Files.isRegularFile(file)) {
      throw new IOException("Chromium wrote no screenshot of " + url);
    }
  }

  private String run(String action, String url) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(work, "profile"),
                "--window-size=1280,1800",
                "--virtual-time-budget=8000",
                action,
                url));
    Path out = Files.createTempFile(work, "chromium", ".out");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("Chromium did not finish loading " + url + " within 90 s");
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
