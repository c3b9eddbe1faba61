package io.distillery.producers.ingest;

import io.distillery.claimcheck.BlobStore;
import io.distillery.media.Inspection;
import io.distillery.producers.source.Sample;
import io.distillery.schemas.avro.RawRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Clock;

/**
 * Builds the raw record of a validated sample: inline when the payload fits the limit, otherwise
 * written to the blob store first (completely, atomically) and referenced by claim check.
 */
final class RawRecordFactory {

  private final String task;
  private final int inlineLimitBytes;
  private final BlobStore blobs;
  private final Clock clock;

  RawRecordFactory(String task, int inlineLimitBytes, BlobStore blobs, Clock clock) {
    this.task = task;
    this.inlineLimitBytes = inlineLimitBytes;
    this.blobs = blobs;
    this.clock = clock;
  }

  /** The task the records are made for. */
  String task() {
    return task;
  }

  RawRecord build(Sample sample, String id, byte[] payload, Inspection inspection)
      throws IOException {
    RawRecord.Builder record =
        RawRecord.newBuilder()
            .setId(id)
            .setTask(task)
            .setModality(inspection.modality())
            .setContentType(inspection.contentType())
            .setSampleRate(inspection.sampleRate())
            .setDurationSeconds(inspection.durationSeconds())
            .setWidth(inspection.width())
            .setHeight(inspection.height())
            .setReference(sample.reference())
            .setLanguage(sample.language())
            .setSource(sample.identity())
            .setIngestTime(clock.instant())
            .setAttributes(new java.util.HashMap<>(sample.attributes()));
    if (payload.length <= inlineLimitBytes) {
      record.setInline(ByteBuffer.wrap(payload)).setClaimCheck(null);
    } else {
      record.setInline(null).setClaimCheck(blobs.put(payload, inspection.contentType()));
    }
    return record.build();
  }
}
