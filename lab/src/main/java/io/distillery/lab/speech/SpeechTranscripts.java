package io.distillery.lab.speech;

import io.distillery.kserve.client.ClientConfig;
import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.client.TritonClient;
import io.distillery.labeler.binding.Binder;
import io.distillery.labeler.binding.Binding;
import io.distillery.labeler.inference.BatchInference;
import io.distillery.labeler.inference.BoundModel;
import io.distillery.labeler.inference.Item;
import io.distillery.labeler.inference.ItemResult;
import io.distillery.labeler.task.SpeechRecognition;
import io.distillery.schemas.avro.Modality;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.schemas.topics.TaskKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Transcribes WAV files with a speech teacher and its proxy over KServe v2, exactly as the labeler
 * does (its client, batching by the models' max batch size and speech adapter).
 */
final class SpeechTranscripts {

  /** The two models' outputs, by utterance id, in request order. */
  record Outputs(ModelOutput teacher, ModelOutput proxy) {}

  private SpeechTranscripts() {}

  /** Every utterance's teacher and proxy output; fails if a model refuses one. */
  static Map<String, Outputs> transcribe(
      List<ServerAddress> servers, String teacher, String proxy, Map<String, byte[]> wavs)
      throws RefusedRecordException {
    Map<String, Outputs> out = new LinkedHashMap<>();
    transcribe(servers, List.of(teacher, proxy), wavs)
        .forEach((id, outputs) -> out.put(id, new Outputs(outputs.get(0), outputs.get(1))));
    return out;
  }

  /**
   * Every utterance's outputs of {@code models}, in that order (the first bound as the teacher, the
   * others as proxies); fails if a model refuses one.
   */
  static Map<String, List<ModelOutput>> transcribe(
      List<ServerAddress> servers, List<String> modelNames, Map<String, byte[]> wavs)
      throws RefusedRecordException {
    // one server queue holds every batch of both models: a long deadline, few retries
    ClientConfig config =
        ClientConfig.defaults(servers).withInferDeadline(Duration.ofMinutes(15)).withMaxAttempts(3);
    try (TritonClient client = TritonClient.connect(config, new SimpleMeterRegistry())) {
      List<BoundModel> models = new ArrayList<>();
      for (String name : modelNames) {
        models.add(
            new BoundModel(
                models.isEmpty() ? ModelRole.TEACHER : ModelRole.PROXY, bind(client, name)));
      }
      SpeechRecognition adapter = new SpeechRecognition();
      BatchInference inference = new BatchInference(client, models, adapter);
      List<Item> items = new ArrayList<>();
      for (Map.Entry<String, byte[]> wav : wavs.entrySet()) {
        RawRecord raw = record(wav.getKey(), wav.getValue());
        List<List<io.distillery.kserve.tensor.Tensor>> inputs = new ArrayList<>();
        for (BoundModel m : models) {
          inputs.add(adapter.inputs(raw, wav.getValue(), m.binding()));
        }
        items.add(new Item(wav.getKey(), inputs));
      }
      int chunk = models.stream().mapToInt(m -> m.binding().itemsPerRequest()).min().orElseThrow();
      List<CompletableFuture<List<ItemResult>>> batches = new ArrayList<>();
      for (int from = 0; from < items.size(); from += chunk) {
        batches.add(inference.run(items.subList(from, Math.min(items.size(), from + chunk))));
      }
      Map<String, List<ModelOutput>> out = new LinkedHashMap<>();
      int next = 0;
      for (CompletableFuture<List<ItemResult>> batch : batches) {
        for (ItemResult r : batch.join()) {
          String id = items.get(next++).id();
          if (!r.ok()) {
            throw new IllegalStateException(
                "The models refused utterance " + id + ": " + r.reason() + ": " + r.message());
          }
          out.put(id, r.outputs());
        }
      }
      return out;
    }
  }

  private static RawRecord record(String id, byte[] wav) {
    return RawRecord.newBuilder()
        .setId(id)
        .setTask("asr-en")
        .setModality(Modality.AUDIO)
        .setContentType("audio/wav")
        .setInline(ByteBuffer.wrap(wav))
        .setSampleRate(16_000)
        .setSource(id)
        .setIngestTime(Instant.now())
        .build();
  }

  private static Binding bind(TritonClient client, String model) {
    return Binder.bind(
        client.signature(model, 16, Duration.ofMinutes(1)), TaskKind.SPEECH, List.of());
  }
}
