package io.distillery.lab.chaos;

import io.distillery.kafka.CommittedReader;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.topics.TaskTopics;
import io.distillery.trainer.checkpoint.Checkpoint;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conservation figures of a task, read committed from its topics and checked against the
 * trainer's final checkpoint: every raw record decided exactly once, the labeled topic holding each
 * record once, and the trainer having trained exactly the accepted records.
 *
 * @param raw distinct raw record ids
 * @param labeled records on the labeled topic
 * @param labeledDuplicates labeled records beyond the first for an id
 * @param accepted records on the accepted topic
 * @param rejected records on the rejected topic
 * @param deadLettered labeler and filter dead letters (the trainer's are counted apart)
 * @param decidedDuplicates raw ids decided more than once (accepted, rejected or dead-lettered)
 * @param lost raw ids never decided
 * @param trainerSamples fresh samples the final checkpoint trained
 * @param trainerDeadLettered accepted records the trainer dead-lettered instead
 * @param trainerDigestMatches whether the checkpoint's id digest equals that of the accepted ids it
 *     should have trained (each exactly once)
 */
public record Conservation(
    long raw,
    long labeled,
    long labeledDuplicates,
    long accepted,
    long rejected,
    long deadLettered,
    long decidedDuplicates,
    long lost,
    long trainerSamples,
    long trainerDeadLettered,
    boolean trainerDigestMatches) {

  /** Whether nothing was lost or doubled anywhere. */
  public boolean holds() {
    return lost == 0
        && decidedDuplicates == 0
        && labeledDuplicates == 0
        && trainerSamples + trainerDeadLettered == accepted
        && trainerDigestMatches;
  }

  /** Reads the task's topics and compares them with {@code checkpoint}. */
  public static Conservation check(String bootstrap, TaskTopics topics, Checkpoint checkpoint) {
    Set<String> raw = new HashSet<>();
    for (RawRecord r :
        CommittedReader.readValues(
            bootstrap, Map.of(), List.of(topics.raw()), Serdes.raw()::decode)) {
      raw.add(r.getId());
    }
    Map<String, Integer> labeledCounts = new HashMap<>();
    List<LabeledRecord> labeled =
        CommittedReader.readValues(
            bootstrap, Map.of(), List.of(topics.labeled()), Serdes.labeled()::decode);
    labeled.forEach(r -> labeledCounts.merge(r.getRaw().getId(), 1, Integer::sum));
    Map<String, Integer> decided = new HashMap<>();
    List<ScoredRecord> accepted =
        CommittedReader.readValues(
            bootstrap, Map.of(), List.of(topics.accepted()), Serdes.scored()::decode);
    List<ScoredRecord> rejected =
        CommittedReader.readValues(
            bootstrap, Map.of(), List.of(topics.rejected()), Serdes.scored()::decode);
    long acceptedDigest = 0;
    for (ScoredRecord r : accepted) {
      decided.merge(r.getLabeled().getRaw().getId(), 1, Integer::sum);
      acceptedDigest += Checkpoint.idHash(r.getLabeled().getRaw().getId());
    }
    rejected.forEach(r -> decided.merge(r.getLabeled().getRaw().getId(), 1, Integer::sum));
    long deadLettered = 0;
    long trainerDeadDigest = 0;
    for (DeadLetter d :
        CommittedReader.readValues(
            bootstrap, Map.of(), List.of(topics.dlq()), Serdes.deadLetter()::decode)) {
      String id = d.getRecordId() == null ? "?" + d.getTopic() + d.getOffset() : d.getRecordId();
      if ("trainer".equals(d.getStage())) {
        trainerDeadDigest += Checkpoint.idHash(id);
        continue;
      }
      deadLettered++;
      decided.merge(id, 1, Integer::sum);
    }
    long lost = raw.stream().filter(id -> !decided.containsKey(id)).count();
    long decidedDuplicates = decided.values().stream().filter(n -> n > 1).count();
    long labeledDuplicates =
        labeledCounts.values().stream().mapToLong(n -> n - 1).filter(n -> n > 0).sum();
    return new Conservation(
        raw.size(),
        labeled.size(),
        labeledDuplicates,
        accepted.size(),
        rejected.size(),
        deadLettered,
        decidedDuplicates,
        lost,
        checkpoint.samplesTrained(),
        checkpoint.samplesDeadLettered(),
        checkpoint.idDigest() == acceptedDigest - trainerDeadDigest);
  }
}
