package io.distillery.lab.corpus;

import io.distillery.claimcheck.LocalBlobStore;
import io.distillery.claimcheck.Sha256;
import io.distillery.schemas.avro.ClaimCheck;
import io.distillery.schemas.avro.Decision;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.serde.Serdes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The Kafka values of corpus cases that bypass the producer: raw records carrying the input inline
 * or by a (good or bad) claim check, and an accepted record whose claim check is broken.
 */
final class CorpusRecords {

  private final LocalBlobStore blobs;
  private final Path outside;

  /**
   * @param blobRoot the blob root every stage trusts
   * @param outside a folder outside it
   */
  CorpusRecords(Path blobRoot, Path outside) {
    this.blobs = new LocalBlobStore(blobRoot);
    this.outside = outside;
  }

  /**
   * The Kafka value of a case entering at {@code <task>.raw}, {@code .labeled} or {@code
   * .accepted}.
   */
  byte[] value(CorpusCase c, byte[] input) throws IOException {
    return switch (c.entryKind()) {
      case "raw-value", "labeled-value", "accepted-value" -> input;
      case "raw" -> Serdes.raw().encode(raw(c, input).setInline(ByteBuffer.wrap(input)).build());
      case "raw-claim" ->
          Serdes.raw().encode(raw(c, input).setInline(null).setClaimCheck(claim(c, input)).build());
      case "accepted-claim" -> Serdes.scored().encode(accepted(c, input));
      default -> throw new IllegalArgumentException("Not a direct entry: " + c.entry());
    };
  }

  /** The topic suffix a direct entry writes to. */
  static String topicOf(CorpusCase c) {
    return switch (c.entryKind()) {
      case "raw", "raw-value", "raw-claim" -> "raw";
      case "labeled-value" -> "labeled";
      case "accepted-value", "accepted-claim" -> "accepted";
      default -> throw new IllegalArgumentException("Not a direct entry: " + c.entry());
    };
  }

  private static RawRecord.Builder raw(CorpusCase c, byte[] input) {
    boolean audio = c.task().equals("asr");
    RawRecord.Builder raw =
        RawRecord.newBuilder()
            .setId(c.name())
            .setTask(c.task())
            .setModality(audio ? Modality.AUDIO : Modality.IMAGE)
            .setContentType(audio ? "audio/wav" : "image/png")
            .setSource("corpus/" + c.name())
            .setIngestTime(Instant.now());
    if (audio && input.length >= 28) {
      int rate = ByteBuffer.wrap(input, 24, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
      raw.setSampleRate(rate).setDurationSeconds((input.length - 44) / (2.0 * Math.max(1, rate)));
    }
    return raw;
  }

  private ClaimCheck claim(CorpusCase c, byte[] input) throws IOException {
    String type = c.task().equals("asr") ? "audio/wav" : "image/png";
    Path away = outside.resolve(c.name() + ".bin");
    String sha = Sha256.hex(input);
    ClaimCheck.Builder check =
        ClaimCheck.newBuilder().setSha256(sha).setSize(input.length).setContentType(type);
    return switch (c.entryVariant()) {
      case "ok" -> blobs.put(input, type);
      case "wrong-sha" ->
          ClaimCheck.newBuilder(blobs.put(input, type))
              .setSha256(Sha256.hex(c.name().getBytes(StandardCharsets.UTF_8)))
              .build();
      case "outside" -> check.setUri(write(away, input).toUri().toString()).build();
      case "dotdot" -> {
        write(away, input);
        String root = blobs.root().toUri().toString();
        String up = root.endsWith("/") ? root : root + "/";
        Path rel = blobs.root().relativize(away);
        yield check.setUri(up + rel.toString().replace('\\', '/')).build();
      }
      case "symlink" -> {
        Path link = blobs.root().resolve(c.name() + ".link");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, write(away, input));
        yield check.setUri(link.toUri().toString()).build();
      }
      case "missing" ->
          check.setUri(blobs.root().resolve(c.name() + ".missing").toUri().toString()).build();
      default -> throw new IllegalArgumentException("Unknown claim variant " + c.entry());
    };
  }

  /** An accepted image record as the filter writes it, but with the given claim variant. */
  private ScoredRecord accepted(CorpusCase c, byte[] input) throws IOException {
    RawRecord raw =
        raw(c, input)
            .setTask(c.task())
            .setInline(null)
            .setClaimCheck(claim(c, input))
            .setWidth(28)
            .setHeight(28)
            .build();
    List<Float> soft = new java.util.ArrayList<>(Collections.nCopies(10, 0.01f));
    soft.set(3, 0.91f);
    LabeledRecord labeled =
        LabeledRecord.newBuilder()
            .setRaw(raw)
            .setOutputs(
                List.of(
                    ModelOutput.newBuilder()
                        .setModelName("img-teacher")
                        .setModelVersion("1")
                        .setRole(ModelRole.TEACHER)
                        .setProbabilities(soft)
                        .build()))
            .setLabeledAt(Instant.now())
            .setLabeler("corpus")
            .build();
    return ScoredRecord.newBuilder()
        .setLabeled(labeled)
        .setScores(Map.of("max-prob", 0.91))
        .setDecision(Decision.ACCEPT)
        .setPolicy("corpus")
        .setScoredAt(Instant.now())
        .build();
  }

  private static Path write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, bytes);
  }
}
