package io.distillery.media.speech;

import java.util.List;
import java.util.Locale;

/**
 * A synthesiser and one of its voices, written {@code espeak:en-us+klatt2} or {@code flite:slt}.
 *
 * @param engine which synthesiser
 * @param name the voice name the synthesiser knows
 */
public record Voice(Engine engine, String name) {

  /** The synthesisers supported. */
  public enum Engine {
    /** espeak-ng ({@code -v NAME}), 22,050 Hz native. */
    ESPEAK("espeak-ng", "espeak-ng"),
    /** flite ({@code -voice NAME}), 8 or 16 kHz native. */
    FLITE("flite", "flite");

    final String binary;
    final String aptPackage;

    Engine(String binary, String aptPackage) {
      this.binary = binary;
      this.aptPackage = aptPackage;
    }
  }

  /** Validates the name. */
  public Voice {
    if (name == null || !name.matches("[A-Za-z0-9+_.-]{1,40}")) {
      throw new IllegalArgumentException("Invalid voice name '" + name + "'");
    }
  }

  /** Parses {@code espeak:NAME} or {@code flite:NAME}. */
  public static Voice parse(String spec) {
    int colon = spec.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "Voice '" + spec + "' must be ENGINE:NAME, e.g. espeak:en-us+klatt2 or flite:slt");
    }
    String engine = spec.substring(0, colon).strip().toLowerCase(Locale.ROOT);
    String name = spec.substring(colon + 1).strip();
    return switch (engine) {
      case "espeak", "espeak-ng" -> new Voice(Engine.ESPEAK, name);
      case "flite" -> new Voice(Engine.FLITE, name);
      default ->
          throw new IllegalArgumentException(
              "Unknown speech engine '" + engine + "' in '" + spec + "': use espeak or flite");
    };
  }

  /** The command that speaks {@code text} into {@code wav} at a speed factor (1 = normal). */
  List<String> command(String text, double speed, String wav) {
    return switch (engine) {
      case ESPEAK ->
          List.of(
              "espeak-ng",
              "-v",
              name,
              "-s",
              Integer.toString((int) Math.round(160 * speed)),
              "-w",
              wav,
              "--",
              text);
      case FLITE ->
          List.of(
              "flite",
              "-voice",
              name,
              "--setf",
              String.format(Locale.ROOT, "duration_stretch=%.3f", 1 / speed),
              "-t",
              text,
              "-o",
              wav);
    };
  }

  @Override
  public String toString() {
    return (engine == Engine.ESPEAK ? "espeak" : "flite") + ":" + name;
  }
}
