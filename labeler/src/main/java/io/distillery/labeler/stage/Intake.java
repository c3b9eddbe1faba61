package io.distillery.labeler.stage;

import io.distillery.claimcheck.ClaimCheckResolver;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.labeler.inference.BoundModel;
import io.distillery.labeler.inference.Item;
import io.distillery.labeler.task.TaskAdapter;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.DeadLetterReason;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.registry.SchemaRegistryException;
import io.distillery.schemas.serde.AvroSerde;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.serde.UnknownSchemaException;
import io.distillery.schemas.serde.WireFormat;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a consumed record into inference inputs, or into the reason it cannot be: undecodable Avro,
 * a missing payload, a claim check that fails verification, or a payload the adapter refuses. A
 * claim-check store that cannot answer is waited for, never blamed on the record. {@link #decode}
 * runs on the loop thread; {@link #item}, which reads claim checks and decodes payloads, runs on
 * intake threads and keeps no state.
 */
final class Intake {

  /** A record that cannot be labeled, with its kind and reason. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final DeadLetterReason reason;
    final String recordId;

    Refused(DeadLetterReason reason, String recordId, String message) {
      super(message);
      this.reason = reason;
      this.recordId = recordId;
    }
  }

  private final AvroSerde<RawRecord> serde;
  private final ClaimCheckResolver resolver;
  private final TaskAdapter adapter;

  Intake(ClaimCheckResolver resolver, TaskAdapter adapter, WireFormat format) {
    this.serde = Serdes.raw(format);
    this.resolver = resolver;
    this.adapter = adapter;
  }

  RawRecord decode(ConsumerRecord<byte[], byte[]> source) throws Refused {
    if (source.value() == null) {
      throw new Refused(DeadLetterReason.TOMBSTONE, null, "Raw record value is null");
    }
    try {
      return serde.decode(source.value());
    } catch (SchemaRegistryException e) {
      throw e;
    } catch (UnknownSchemaException e) {
      throw new Refused(
          DeadLetterReason.UNDECODABLE_RECORD, null, "Raw record is unreadable: " + e.getMessage());
    } catch (RuntimeException e) {
      throw new Refused(
          DeadLetterReason.UNDECODABLE_RECORD,
          null,
          "Raw record is not valid Avro: " + e.getMessage());
    }
  }

  /**
   * The record's inference inputs for each of {@code models}. While its claim-check store is
   * unavailable this waits (the batch stays in flight, so the loop pauses the input once the
   * in-flight budget is spent) until the store answers or the intake thread is interrupted at
   * shutdown.
   */
  Item item(RawRecord raw, List<BoundModel> models) throws RefusedRecordException {
    byte[] payload = resolver.payloadWhenAvailable(raw, () -> true);
    List<List<Tensor>> inputs = new ArrayList<>(models.size());
    for (BoundModel m : models) {
      inputs.add(adapter.inputs(raw, payload, m.binding()));
    }
    return new Item(raw.getId(), inputs);
  }
}
