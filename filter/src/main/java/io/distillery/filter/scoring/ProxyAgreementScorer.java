package io.distillery.filter.scoring;

import io.distillery.asrmetrics.text.TextNormalizer;
import io.distillery.asrmetrics.wer.WordAligner;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.ModelOutput;
import io.distillery.schemas.avro.ModelRole;
import java.util.List;
import java.util.Map;

/**
 * uDistil-Whisper's label-free proxy filter: the WER of the teacher's transcript measured against
 * each PROXY model's transcript (the proxy plays the reference), averaged over proxies.
 *
 * <p>Score: {@code proxy-wer} (a fraction), absent when the record has no teacher or no proxy. With
 * an empty proxy transcript the rate follows {@link io.distillery.asrmetrics.wer.EditCounts#wer()}:
 * the number of teacher words.
 */
public final class ProxyAgreementScorer extends TranscriptScorer {

  /** Name in policy files. */
  public static final String NAME = "proxy-wer";

  /** A scorer normalising with {@code normalizer}. */
  public ProxyAgreementScorer(TextNormalizer normalizer) {
    super(NAME, normalizer);
  }

  @Override
  void score(LabeledRecord record, ModelOutput teacher, Map<String, Double> scores) {
    List<ModelOutput> proxies = Outputs.withRole(record, ModelRole.PROXY);
    if (proxies.isEmpty()) {
      return;
    }
    List<String> hypothesis = words(Outputs.transcript(teacher));
    double sum = 0;
    for (ModelOutput proxy : proxies) {
      sum += WordAligner.align(words(Outputs.transcript(proxy)), hypothesis).wer();
    }
    scores.put("proxy-wer", sum / proxies.size());
  }
}
