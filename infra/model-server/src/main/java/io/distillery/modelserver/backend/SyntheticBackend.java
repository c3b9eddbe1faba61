package io.distillery.modelserver.backend;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A test double that speaks the real protocol: each batch takes a fixed service time (however many
 * requests and rows it holds; the outputs are computed within it) and it answers every configured
 * output with values derived from the input bytes (for a FP32 output of n elements, a probability
 * vector with 0.9 on class {@code hash(row) mod n}; for a BYTES output, the word {@code
 * synthetic-<hash mod 1000>}), or misbehaves as configured.
 */
final class SyntheticBackend implements ModelBackend {

  private final ModelConfig config;
  private final SyntheticSettings settings;

  SyntheticBackend(ModelConfig config, SyntheticSettings settings) {
    this.config = config;
    this.settings = settings;
  }

  @Override
  public List<List<Tensor>> execute(List<List<Tensor>> requests) throws InterruptedException {
    long start = System.nanoTime();
    switch (settings.behaviour()) {
      case HANG -> Thread.sleep(Long.MAX_VALUE);
      case FAIL -> throw new IllegalStateException("synthetic model configured to fail");
      default -> {}
    }
    List<List<Tensor>> results = outputs(requests);
    // delay_ms is the whole service time of one batch, whatever its size: computing the outputs
    // counts towards it, so a saturated model serves max_batch_size rows per delay_ms
    long left = start + settings.delayMillis() * 1_000_000 - System.nanoTime();
    if (left > 0) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
    return results;
  }

  private List<List<Tensor>> outputs(List<List<Tensor>> requests) {
    List<List<Tensor>> results = new ArrayList<>();
    for (List<Tensor> inputs : requests) {
      int batch = config.getMaxBatchSize() > 0 ? inputs.get(0).batchSize() : 1;
      int[] seeds = rowSeeds(inputs.get(0), batch);
      List<Tensor> outputs = new ArrayList<>();
      for (ModelOutput output : config.getOutputList()) {
        outputs.add(output(output, seeds));
      }
      results.add(outputs);
    }
    return results;
  }

  private Tensor output(ModelOutput declared, int[] seeds) {
    long[] row = declared.getDimsList().stream().mapToLong(d -> d < 0 ? 1 : d).toArray();
    if (settings.behaviour() == SyntheticSettings.Behaviour.WRONG_SHAPE && row.length > 0) {
      row[row.length - 1]++;
    }
    int perRow = Math.toIntExact(Shape.of(row).elementCount());
    boolean batched = config.getMaxBatchSize() > 0;
    Shape shape = batched ? Shape.of(row).withBatch(seeds.length) : Shape.of(row);
    DataType type = DataType.fromConfig(declared.getDataType());
    if (type == DataType.BYTES) {
      List<byte[]> elements = new ArrayList<>();
      for (int seed : seeds) {
        for (int i = 0; i < perRow; i++) {
          elements.add(text(seed));
        }
      }
      return Tensor.ofBytes(declared.getName(), shape, elements);
    }
    if (type != DataType.FP32) {
      return new Tensor(
          declared.getName(), type, shape, new byte[seeds.length * perRow * type.size()]);
    }
    float[] values = new float[seeds.length * perRow];
    int next = 0;
    for (int seed : seeds) {
      int hot = Math.floorMod(seed, perRow);
      for (int i = 0; i < perRow; i++) {
        float p = perRow == 1 ? 1f : (i == hot ? 0.9f : 0.1f / (perRow - 1));
        values[next++] = settings.behaviour() == SyntheticSettings.Behaviour.NAN ? Float.NaN : p;
      }
    }
    return Tensor.ofFloats(declared.getName(), type, shape, values);
  }

  private byte[] text(int seed) {
    String word = "synthetic-" + Math.floorMod(seed, 1000);
    return switch (settings.behaviour()) {
      case EMPTY_TEXT -> new byte[0];
      case LONG_TEXT -> {
        byte[] out = new byte[settings.textBytes()];
        byte[] unit = (word + " ").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < out.length; i++) {
          out[i] = unit[i % unit.length];
        }
        yield out;
      }
      default -> word.getBytes(StandardCharsets.US_ASCII);
    };
  }

  private static int[] rowSeeds(Tensor input, int batch) {
    int[] seeds = new int[batch];
    int rowBytes = input.raw().length / Math.max(batch, 1);
    for (int b = 0; b < batch; b++) {
      seeds[b] = Arrays.hashCode(Arrays.copyOfRange(input.raw(), b * rowBytes, (b + 1) * rowBytes));
    }
    return seeds;
  }

  @Override
  public void close() {}
}
