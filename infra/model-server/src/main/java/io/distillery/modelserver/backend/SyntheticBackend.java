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
 * synthetic-<hash mod 1000>}), or misbehaves as configured. With {@code word_seconds} it is a
 * speech recognizer instead: its first input holds each row's audio (a 16 kHz WAV file per BYTES
 * element, or FP32 samples at 16 kHz), and it hears one word (of 64 plain English ones, chosen from
 * the row's hash) every {@code word_seconds} of it, answering the words ({@code WORDS}, BYTES),
 * their confidences ({@code CONFIDENCES}, 0.9), their start and end ({@code WORD_TIMES}, FP32
 * {@code [W,2]}; each word ends at 80% of its slot), all padded to the longest row, and the joined
 * transcript in every other BYTES output.
 */
final class SyntheticBackend implements ModelBackend {

  private static final int SAMPLE_RATE = AudioClips.SAMPLE_RATE;

  /** The words the timed recognizer hears: plain English, so its transcripts read like speech. */
  private static final List<String> VOCABULARY =
      List.of(
          "river",
          "paper",
          "seven",
          "garden",
          "window",
          "yellow",
          "market",
          "winter",
          "travel",
          "silver",
          "morning",
          "letter",
          "mountain",
          "doctor",
          "kitchen",
          "number",
          "village",
          "summer",
          "basket",
          "engine",
          "harbour",
          "pencil",
          "thunder",
          "orange",
          "bridge",
          "forest",
          "candle",
          "island",
          "jacket",
          "ladder",
          "meadow",
          "needle",
          "pocket",
          "rabbit",
          "saddle",
          "tunnel",
          "valley",
          "wagon",
          "anchor",
          "blanket",
          "castle",
          "desert",
          "feather",
          "guitar",
          "hammer",
          "kettle",
          "lemon",
          "mirror",
          "napkin",
          "oyster",
          "parrot",
          "quarter",
          "ribbon",
          "spider",
          "tomato",
          "violin",
          "walnut",
          "zebra",
          "button",
          "carpet",
          "dinner",
          "finger",
          "helmet",
          "puzzle");

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
      List<Heard> words = settings.wordSeconds() > 0 ? timedWords(inputs.get(0), seeds) : null;
      for (ModelOutput output : config.getOutputList()) {
        outputs.add(words == null ? output(output, seeds) : speechOutput(output, words));
      }
      results.add(outputs);
    }
    return results;
  }

  /** What the synthetic recognizer heard in one row: its words and the audio's length. */
  private record Heard(List<String> words, double seconds) {}

  /** Each row's words: one every {@code word_seconds} of its audio, at least one. */
  private List<Heard> timedWords(Tensor audio, int[] seeds) {
    List<Double> seconds = new ArrayList<>();
    if (audio.type() == DataType.BYTES) {
      for (byte[] element : audio.byteElements()) {
        seconds.add(AudioClips.pcmFromWav(element).length / 2.0 / SAMPLE_RATE);
      }
    } else {
      int rowBytes = audio.raw().length / seeds.length;
      for (int r = 0; r < seeds.length; r++) {
        seconds.add(rowBytes / (double) audio.type().size() / SAMPLE_RATE);
      }
    }
    List<Heard> heard = new ArrayList<>();
    for (int r = 0; r < seeds.length; r++) {
      int count = Math.max(1, (int) Math.ceil(seconds.get(r) / settings.wordSeconds()));
      List<String> row = new ArrayList<>();
      for (int k = 0; k < count; k++) {
        row.add(VOCABULARY.get(Math.floorMod(seeds[r] + 31 * k, VOCABULARY.size())));
      }
      heard.add(new Heard(row, seconds.get(r)));
    }
    return heard;
  }

  private Tensor speechOutput(ModelOutput declared, List<Heard> heard) {
    String name = declared.getName();
    DataType type = DataType.fromConfig(declared.getDataType());
    boolean batched = config.getMaxBatchSize() > 0;
    int rows = heard.size();
    int width = heard.stream().mapToInt(h -> h.words().size()).max().orElse(0);
    if (type == DataType.BYTES) {
      List<byte[]> elements = new ArrayList<>();
      for (Heard h : heard) {
        List<String> row = h.words();
        if (name.equals("WORDS")) {
          for (int i = 0; i < width; i++) {
            elements.add(i < row.size() ? ascii(row.get(i)) : new byte[0]);
          }
        } else {
          elements.add(ascii(String.join(" ", row)));
        }
      }
      long[] dims = name.equals("WORDS") ? new long[] {width} : new long[] {1};
      Shape shape = batched ? Shape.of(dims).withBatch(rows) : Shape.of(dims);
      return Tensor.ofBytes(name, shape, elements);
    }
    boolean times = name.contains("TIME");
    float[] values = new float[rows * width * (times ? 2 : 1)];
    int next = 0;
    double slot = settings.wordSeconds();
    for (Heard h : heard) {
      for (int i = 0; i < width; i++) {
        boolean real = i < h.words().size();
        if (times) {
          values[next++] = real ? (float) Math.min(i * slot, h.seconds()) : 0f;
          values[next++] = real ? (float) Math.min(i * slot + 0.8 * slot, h.seconds()) : 0f;
        } else {
          values[next++] = real ? 0.9f : 0f;
        }
      }
    }
    long[] dims = times ? new long[] {width, 2} : new long[] {width};
    Shape shape = batched ? Shape.of(dims).withBatch(rows) : Shape.of(dims);
    return Tensor.ofFloats(name, type, shape, values);
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
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
