package io.distillery.modelserver.backend;

import io.distillery.kserve.tensor.DataType;
import io.distillery.kserve.tensor.Shape;
import io.distillery.kserve.tensor.Tensor;
import io.distillery.modelserver.ServingException;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.kserve.config.ModelOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pocketsphinx English decoder as a backend: every batch is written as WAV files to a temporary
 * folder and decoded by one {@code pocketsphinx_batch} process. Inputs: one audio input (FP32 or
 * INT16 samples at 16 kHz mono, or BYTES elements each holding a 16 kHz mono 16-bit WAV file) and
 * optionally one INT32/INT64 length input giving each row's sample count, so rows padded to the
 * longest are cut back ({@code WAV} + {@code WAV_LENS}, the public Triton ASR signature). Outputs,
 * by name: {@code TRANSCRIPTS} or {@code TRANSCRIPT} (BYTES, one per utterance), {@code WORDS}
 * (BYTES), {@code CONFIDENCES} (FP32 word posteriors) and {@code WORD_TIMES} (FP32 {@code [N,2]}:
 * each word's start and end in seconds), the last three padded with "" / 0 to the longest
 * utterance. A BYTES element that is not such a WAV file is refused with INVALID_ARGUMENT before it
 * is queued.
 */
final class PocketsphinxBackend implements ModelBackend {

  static final String TRANSCRIPT = "TRANSCRIPT";
  static final String TRANSCRIPTS = "TRANSCRIPTS";
  static final String WORDS = "WORDS";
  static final String CONFIDENCES = "CONFIDENCES";
  static final String WORD_TIMES = "WORD_TIMES";

  private static final Logger log = LoggerFactory.getLogger(PocketsphinxBackend.class);

  private final ModelConfig config;
  private final PocketsphinxSettings settings;

  private final int audioInput;
  private final int lengthInput;

  PocketsphinxBackend(ModelConfig config, PocketsphinxSettings settings) {
    int audio = -1;
    int length = -1;
    for (int i = 0; i < config.getInputCount(); i++) {
      DataType type = DataType.fromConfig(config.getInput(i).getDataType());
      if (type == DataType.INT32 || type == DataType.INT64) {
        length = length < 0 ? i : -2;
      } else {
        audio = audio < 0 ? i : -2;
      }
    }
    if (audio < 0 || length == -2 || config.getInputCount() > 2) {
      throw new IllegalArgumentException(
          config.getName()
              + ": pocketsphinx takes one audio input (FP32, INT16 or BYTES) and optionally one"
              + " length input (INT32 or INT64)");
    }
    this.audioInput = audio;
    this.lengthInput = length;
    for (ModelOutput out : config.getOutputList()) {
      if (!List.of(TRANSCRIPT, TRANSCRIPTS, WORDS, CONFIDENCES, WORD_TIMES)
          .contains(out.getName())) {
        throw new IllegalArgumentException(
            config.getName() + ": pocketsphinx has no output '" + out.getName() + "'");
      }
    }
    this.config = config;
    this.settings = settings;
  }

  @Override
  public List<List<Tensor>> execute(List<List<Tensor>> requests) throws Exception {
    List<List<byte[]>> pcmPerRequest = new ArrayList<>();
    for (List<Tensor> inputs : requests) {
      pcmPerRequest.add(utterances(inputs));
    }
    Path dir = Files.createTempDirectory("distillery-pocketsphinx");
    try {
      List<String> ids = new ArrayList<>();
      for (List<byte[]> utterances : pcmPerRequest) {
        for (byte[] pcm : utterances) {
          String id = String.format("u%05d", ids.size());
          Files.write(dir.resolve(id + ".wav"), AudioClips.wav(pcm));
          ids.add(id);
        }
      }
      decode(dir, ids);
      Map<String, String> text =
          DecoderOutput.transcripts(Files.readAllLines(dir.resolve("out.hyp")));
      Map<String, List<DecoderOutput.Word>> words =
          DecoderOutput.words(Files.readAllLines(dir.resolve("out.ctm")));
      List<List<Tensor>> results = new ArrayList<>();
      int next = 0;
      for (List<byte[]> utterances : pcmPerRequest) {
        List<String> mine = ids.subList(next, next + utterances.size());
        next += utterances.size();
        results.add(outputs(mine, text, words));
      }
      return results;
    } finally {
      deleteQuietly(dir);
    }
  }

  @Override
  public void check(List<Tensor> inputs) {
    utterances(inputs);
  }

  /**
   * One PCM16 clip per row of the request, cut to the row's length when a length input is given.
   */
  private List<byte[]> utterances(List<Tensor> inputs) {
    Tensor audio = inputs.get(audioInput);
    boolean batched = config.getMaxBatchSize() > 0;
    int rows = batched ? audio.batchSize() : 1;
    long[] lengths = lengthInput < 0 ? null : inputs.get(lengthInput).longs();
    if (lengths != null && lengths.length != rows) {
      throw ServingException.invalid(
          "give exactly one length per batch row: " + lengths.length + " for " + rows + " rows");
    }
    List<byte[]> pcm = new ArrayList<>();
    if (audio.type() == DataType.BYTES) {
      List<byte[]> elements = audio.byteElements();
      if (elements.size() != rows) {
        throw ServingException.invalid("give exactly one BYTES audio element per batch row");
      }
      elements.forEach(e -> pcm.add(AudioClips.pcmFromWav(e)));
      return pcm;
    }
    int sampleBytes = audio.type() == DataType.FP32 ? 4 : 2;
    if (audio.type() != DataType.FP32 && audio.type() != DataType.INT16) {
      throw ServingException.invalid("pocketsphinx audio must be FP32, INT16 or BYTES");
    }
    int rowBytes = audio.raw().length / rows;
    for (int r = 0; r < rows; r++) {
      int samples = rowBytes / sampleBytes;
      if (lengths != null) {
        if (lengths[r] < 0 || lengths[r] > samples) {
          throw ServingException.invalid(
              "length " + lengths[r] + " of row " + r + " outside 0.." + samples + " samples");
        }
        samples = (int) lengths[r];
      }
      if (audio.type() == DataType.FP32) {
        pcm.add(AudioClips.pcmFromFloats(audio.raw(), r * rowBytes, samples));
      } else {
        byte[] row = new byte[samples * 2];
        System.arraycopy(audio.raw(), r * rowBytes, row, 0, row.length);
        pcm.add(row);
      }
    }
    return pcm;
  }

  private void decode(Path dir, List<String> ids) throws IOException, InterruptedException {
    Files.write(dir.resolve("ids.ctl"), ids);
    List<String> command = new ArrayList<>(List.of(settings.binary(), "-adcin", "yes"));
    command.addAll(List.of("-cepdir", dir.toString(), "-cepext", ".wav", "-adchdr", "44"));
    command.addAll(List.of("-ctl", dir.resolve("ids.ctl").toString()));
    command.addAll(List.of("-hyp", dir.resolve("out.hyp").toString()));
    command.addAll(List.of("-ctm", dir.resolve("out.ctm").toString()));
    command.addAll(List.of("-logfn", dir.resolve("decoder.log").toString()));
    command.addAll(settings.flagArguments());
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .start();
    try {
      if (!process.waitFor(settings.timeoutSeconds(), TimeUnit.SECONDS)) {
        throw new IOException("pocketsphinx did not finish " + ids.size() + " utterances in time");
      }
    } finally {
      process.destroyForcibly();
    }
    if (process.exitValue() != 0 || !Files.exists(dir.resolve("out.hyp"))) {
      String tail = tail(dir.resolve("decoder.log"));
      throw new IOException("pocketsphinx exited with " + process.exitValue() + ": " + tail);
    }
    log.debug("{}: decoded {} utterances", config.getName(), ids.size());
  }

  private List<Tensor> outputs(
      List<String> ids, Map<String, String> text, Map<String, List<DecoderOutput.Word>> words) {
    int width =
        ids.stream().mapToInt(id -> words.getOrDefault(id, List.of()).size()).max().orElse(0);
    List<byte[]> transcripts = new ArrayList<>();
    List<byte[]> wordTexts = new ArrayList<>();
    ByteBuffer confidences =
        ByteBuffer.allocate(ids.size() * width * 4).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer times = ByteBuffer.allocate(ids.size() * width * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (String id : ids) {
      transcripts.add(text.getOrDefault(id, "").getBytes(StandardCharsets.UTF_8));
      List<DecoderOutput.Word> mine = words.getOrDefault(id, List.of());
      for (int i = 0; i < width; i++) {
        boolean real = i < mine.size();
        wordTexts.add(real ? mine.get(i).text().getBytes(StandardCharsets.UTF_8) : new byte[0]);
        confidences.putFloat(real ? mine.get(i).confidence() : 0f);
        times.putFloat(real ? mine.get(i).startSeconds() : 0f);
        times.putFloat(real ? mine.get(i).endSeconds() : 0f);
      }
    }
    boolean batched = config.getMaxBatchSize() > 0;
    Shape one = batched ? Shape.of(ids.size(), 1) : Shape.of(1);
    Shape row = batched ? Shape.of(ids.size(), width) : Shape.of(width);
    List<Tensor> outputs = new ArrayList<>();
    for (ModelOutput out : config.getOutputList()) {
      outputs.add(
          switch (out.getName()) {
            case TRANSCRIPT, TRANSCRIPTS -> Tensor.ofBytes(out.getName(), one, transcripts);
            case WORDS -> Tensor.ofBytes(WORDS, row, wordTexts);
            case WORD_TIMES ->
                new Tensor(
                    WORD_TIMES,
                    DataType.FP32,
                    batched ? Shape.of(ids.size(), width, 2) : Shape.of(width, 2),
                    times.array());
            default -> new Tensor(CONFIDENCES, DataType.FP32, row, confidences.array());
          });
    }
    return outputs;
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    } catch (IOException e) {
      return "(no decoder log: " + e.getMessage() + ")";
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("could not remove temporary folder {}", dir, e);
    }
  }

  @Override
  public void close() {}
}
