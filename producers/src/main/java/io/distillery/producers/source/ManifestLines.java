package io.distillery.producers.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one manifest line into a {@link Sample}: relative paths resolve against the manifest's
 * folder, and a line that cannot be parsed becomes a refused sample naming the line.
 */
public final class ManifestLines {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> JSON_PATH_FIELDS =
      List.of("audio_filepath", "image_filepath", "filepath", "path");
  private static final List<String> JSON_REFERENCE_FIELDS = List.of("text", "label", "reference");

  private final Path manifest;
  private final Path baseDir;
  private final String manifestName;

  /** Lines of {@code manifest}. */
  public ManifestLines(Path manifest) {
    this.manifest = manifest.toAbsolutePath().normalize();
    this.baseDir = this.manifest.getParent();
    this.manifestName = this.manifest.getFileName().toString();
  }

  /** The sample a JSON line names; {@code lineNo} is 1-based. */
  public Sample fromJson(String line, long lineNo) {
    String where = manifestName + ":" + lineNo;
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return Sample.refused(where, where + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      return Sample.refused(where, where + ": not a JSON object");
    }
    String path = firstText(node, JSON_PATH_FIELDS);
    if (path == null || path.isBlank()) {
      return Sample.refused(
          where, where + ": no " + JSON_PATH_FIELDS.get(0) + " (or image_filepath/filepath) field");
    }
    Map<String, String> attributes = new HashMap<>();
    node.fields()
        .forEachRemaining(
            field -> {
              String name = field.getKey();
              if (field.getValue().isValueNode()
                  && !field.getValue().isNull()
                  && !JSON_PATH_FIELDS.contains(name)
                  && !JSON_REFERENCE_FIELDS.contains(name)
                  && !"lang".equals(name)) {
                attributes.put(
                    "duration".equals(name) ? "manifestDuration" : name, field.getValue().asText());
              }
            });
    return sample(
        path, firstText(node, JSON_REFERENCE_FIELDS), text(node, "lang"), where, attributes);
  }

  /** The sample a CSV row names; {@code header} maps column names to indexes. */
  public Sample fromCsv(
      List<String> row,
      Map<String, Integer> header,
      String pathColumn,
      String referenceColumn,
      long lineNo) {
    String where = manifestName + ":" + lineNo;
    Integer pathIndex = header.get(pathColumn);
    if (pathIndex == null || pathIndex >= row.size() || row.get(pathIndex).isBlank()) {
      return Sample.refused(where, where + ": no value in path column '" + pathColumn + "'");
    }
    Integer refIndex = referenceColumn == null ? null : header.get(referenceColumn);
    String reference = refIndex != null && refIndex < row.size() ? row.get(refIndex) : null;
    return sample(row.get(pathIndex), reference, null, where, new HashMap<>());
  }

  /** Column name to index for a CSV header row. */
  public static Map<String, Integer> header(List<String> row) {
    Map<String, Integer> header = new HashMap<>();
    for (int i = 0; i < row.size(); i++) {
      header.putIfAbsent(row.get(i).strip(), i);
    }
    return header;
  }

  private Sample sample(
      String path, String reference, String lang, String where, Map<String, String> attributes) {
    Path resolved = baseDir.resolve(path).normalize();
    String identity =
        resolved.startsWith(baseDir)
            ? baseDir.relativize(resolved).toString().replace('\\', '/')
            : resolved.toString();
    attributes.put("manifest", where);
    return new Sample(
        identity,
        () -> Files.readAllBytes(resolved),
        reference == null || reference.isBlank() ? null : reference,
        lang,
        attributes);
  }

  private static String firstText(JsonNode node, List<String> fields) {
    for (String field : fields) {
      String value = text(node, field);
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  /** Splits one CSV line (RFC 4180 quoting, no embedded newlines). */
  public static List<String> splitCsv(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }
}
