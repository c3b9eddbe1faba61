package io.distillery.filter.scoring;

import io.distillery.asrmetrics.text.TextNormalizer;
import io.distillery.asrmetrics.wer.WordAligner;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * uDistil-Whisper's label-free proxy filter: the WER of the teacher's transcript measured against
 * each PROXY model's transcript (the proxy plays the reference), averaged over proxies.
 *
 * <p>Score: {@code proxy-wer} (a fraction), absent when the record has no teacher or no proxy. With
 * an empty proxy transcript the rate follows {@link io.distillery.asrmetrics.wer.EditCounts#wer()}:
 * the number of teacher words.
 */
public final class ProxyAgreementScorer implements Scorer {

  /** Name in policy files. */
  public static final String NAME = "proxy-wer";

  private final TextNormalizer normalizer;

  /** A scorer normalising with {@code normalizer}. */
  public ProxyAgreementScorer(TextNormalizer normalizer) {
    this.normalizer = normalizer;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Map<String, Double> score(LabeledRecord record) {
    Optional<ModelOutput> teacher = Outputs.teacher(record);
    List<ModelOutput> proxies = Outputs.withRole(record, ModelRole.PROXY);
    if (teacher.isEmpty() || proxies.isEmpty()) {
      return Map.of();
    }
    List<String> hypothesis = normalizer.words(Outputs.transcript(teacher.get()));
    double sum = 0;
    for (ModelOutput proxy : proxies) {
      sum += WordAligner.align(normalizer.words(Outputs.transcript(proxy)), hypothesis).wer();
    }
    return Map.of("proxy-wer", sum / proxies.size());
  }
}
