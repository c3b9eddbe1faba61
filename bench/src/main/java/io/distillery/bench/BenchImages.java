package io.distillery.bench;

import io.distillery.media.image.Images;
import io.distillery.media.image.Raster;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Raw image records for the labeler benchmarks: random 28x28 grayscale PNGs, Fashion-MNIST size, or
 * PNGs the caller gives (real Fashion-MNIST images, say).
 */
public final class BenchImages {

  private static final int DISTINCT = 256;

  private BenchImages() {}

  /**
   * Writes {@code n} raw image records with ids {@code img-0..n-1} into {@code topic} and waits
   * until all are acknowledged (acks=all, idempotent).
   */
  static void produce(String bootstrap, String task, String topic, int n) {
    produce(bootstrap, task, topic, n, 0);
  }

  /** As {@link #produce(String, String, String, int)}, at most {@code perSecond} records/s. */
  static void produce(String bootstrap, String task, String topic, int n, double perSecond) {
    produce(bootstrap, task, topic, n, pngs(new Random(42)), perSecond);
  }

  /**
   * Writes {@code n} raw image records with ids {@code img-0..n-1} into {@code topic}, record
   * {@code i} carrying {@code pngs[i % pngs.size()]} (28x28 PNGs), and waits until all are
   * acknowledged.
   */
  public static void produce(
      String bootstrap, String task, String topic, int n, List<byte[]> pngs) {
    produce(bootstrap, task, topic, n, pngs, 0);
  }

  /**
   * As {@link #produce(String, String, String, int, List)}, at most {@code perSecond} records per
   * second (0: as fast as possible); each record's ingest time is its send time.
   */
  public static void produce(
      String bootstrap, String task, String topic, int n, List<byte[]> pngs, double perSecond) {
    AvroSerde<RawRecord> serde = Serdes.raw();
    BenchRecords.produce(
        bootstrap,
        topic,
        n,
        i -> "img-" + i,
        i ->
            serde.encode(
                RawRecord.newBuilder()
                    .setId("img-" + i)
                    .setTask(task)
                    .setModality(Modality.IMAGE)
                    .setContentType("image/png")
                    .setInline(ByteBuffer.wrap(pngs.get(i % pngs.size())))
                    .setWidth(28)
                    .setHeight(28)
                    .setSource("bench/img-" + i)
                    .setIngestTime(Instant.now())
                    .build()),
        perSecond);
  }

  private static List<byte[]> pngs(Random random) {
    List<byte[]> out = new ArrayList<>(DISTINCT);
    for (int i = 0; i < DISTINCT; i++) {
      byte[] levels = new byte[784];
      random.nextBytes(levels);
      out.add(Images.png(new Raster(28, 28, 1, levels)));
    }
    return out;
  }
}
