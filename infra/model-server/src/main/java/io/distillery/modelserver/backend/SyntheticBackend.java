package io.distillery.modelserver.backend;

import io.distillery.modelserver.tensor.BytesElements;
import io.distillery.modelserver.tensor.Datatype;
import io.distillery.modelserver.tensor.Tensor;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelOutput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    int perRow = (int) Tensor.elementCount(row);
    boolean batched = config.getMaxBatchSize() > 0;
    long[] shape = batched ? prepend(seeds.length, row) : row;
    Datatype type = Datatype.fromConfig(declared.getDataType());
    if (type == Datatype.BYTES) {
      List<byte[]> elements = new ArrayList<>();
      for (int seed : seeds) {
        for (int i = 0; i < perRow; i++) {
          elements.add(text(seed));
        }
      }
      return new Tensor(declared.getName(), type, shape, BytesElements.join(elements));
    }
    if (type != Datatype.FP32) {
      return new Tensor(
          declared.getName(), type, shape, new byte[seeds.length * perRow * type.byteSize()]);
    }
    ByteBuffer data = ByteBuffer.allocate(seeds.length * perRow * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int seed : seeds) {
      int hot = Math.floorMod(seed, perRow);
      for (int i = 0; i < perRow; i++) {
        float p = perRow == 1 ? 1f : (i == hot ? 0.9f : 0.1f / (perRow - 1));
        data.putFloat(settings.behaviour() == SyntheticSettings.Behaviour.NAN ? Float.NaN : p);
      }
    }
    return new Tensor(declared.getName(), type, shape, data.array());
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
    int rowBytes = input.data().length / Math.max(batch, 1);
    for (int b = 0; b < batch; b++) {
      seeds[b] =
          Arrays.hashCode(Arrays.copyOfRange(input.data(), b * rowBytes, (b + 1) * rowBytes));
    }
    return seeds;
  }

  private static long[] prepend(long first, long[] rest) {
    long[] shape = new long[rest.length + 1];
    shape[0] = first;
    System.arraycopy(rest, 0, shape, 1, rest.length);
    return shape;
  }

  @Override
  public void close() {}
}
