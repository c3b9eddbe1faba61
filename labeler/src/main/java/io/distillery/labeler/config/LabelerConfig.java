package io.distillery.labeler.config;

import io.distillery.kafka.GroupProtocol;
import io.distillery.kserve.client.ClientConfig;
import io.distillery.labeler.batch.BatchPolicy;
import io.distillery.labeler.binding.BindOverride;
import io.distillery.schemas.topics.TaskKind;
import io.distillery.schemas.topics.TaskTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything one labeler instance needs, validated at once.
 *
 * @param topics the task's topics
 * @param kind which task adapter turns payloads into inputs and outputs into labels
 * @param bootstrapServers Kafka bootstrap servers
 * @param groupId consumer group of all instances of this task's labeler
 * @param instanceId stable id of this instance; part of its transactional id
 * @param models the models each record goes to (exactly one teacher)
 * @param bindings tensor roles given by hand ({@code --bind MODEL:TENSOR=ROLE}); the rest are
 *     inferred from each model's config
 * @param modelWait how long to wait at start for a model that is not loaded yet (NOT_FOUND,
 *     UNAVAILABLE or not ready) before failing; a {@code student} is not waited for (it has no
 *     version before the trainer publishes one)
 * @param studentCheck how often a student that is not served yet is looked for again; until it is,
 *     records are labeled without its answer
 * @param batch micro-batch and in-flight limits
 * @param commitInterval how often finished results are committed in one transaction
 * @param claimCheckRoots roots under which claim-checked payloads may be read
 * @param maxClaimCheckBytes largest claim-checked payload read
 * @param client the inference client settings
 * @param groupProtocol the consumer-group protocol ({@link GroupProtocol#AUTO}: the cluster's best)
 * @param consumerOverrides Kafka consumer settings passed through (from {@code consumer.*}); a
 *     {@code group.protocol} among them wins over {@code groupProtocol}
 * @param producerOverrides Kafka producer settings passed through (from {@code producer.*})
 */
public record LabelerConfig(
    TaskTopics topics,
    TaskKind kind,
    String bootstrapServers,
    String groupId,
    String instanceId,
    List<ModelBinding> models,
    List<BindOverride> bindings,
    Duration modelWait,
    Duration studentCheck,
    BatchPolicy batch,
    Duration commitInterval,
    List<io.distillery.claimcheck.BlobLocation> claimCheckRoots,
    long maxClaimCheckBytes,
    ClientConfig client,
    GroupProtocol groupProtocol,
    Map<String, String> consumerOverrides,
    Map<String, String> producerOverrides) {

  /** Validates at once. */
  public LabelerConfig {
    if (kind == null) {
      throw new IllegalArgumentException("the task kind is required: image or speech");
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("--bootstrap-servers is required");
    }
    if (groupId.isBlank() || instanceId.isBlank() || !instanceId.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "group id must be set and instance id must be letters, digits, '.', '_' or '-'");
    }
    if (commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException("commit interval must be > 0");
    }
    models = List.copyOf(models);
    bindings = List.copyOf(bindings);
    if (modelWait.isNegative()) {
      throw new IllegalArgumentException("the model wait must be >= 0");
    }
    if (studentCheck.isNegative() || studentCheck.isZero()) {
      throw new IllegalArgumentException("the student check interval must be > 0");
    }
    claimCheckRoots = List.copyOf(claimCheckRoots);
    if (groupProtocol == null) {
      throw new IllegalArgumentException("the group protocol is required (auto by default)");
    }
    consumerOverrides = Map.copyOf(consumerOverrides);
    producerOverrides = Map.copyOf(producerOverrides);
  }

  /** The producer's transactional id: stable per task and instance, so a restart fences. */
  public String transactionalId() {
    return "distillery-labeler-" + topics.task() + "-" + instanceId;
  }

  /** The default consumer group of a task's labelers. */
  public static String defaultGroup(String task) {
    return "distillery-labeler-" + task;
  }

  /**
   * A builder with what every labeler needs; everything else has the command line's defaults: group
   * {@link #defaultGroup}, instance {@code 0}, batches of up to 64 records lingering 5 ms, 4
   * batches and 64 MiB in flight, a commit every 100 ms, no claim-check roots (256 MiB largest
   * claim-checked payload), the cluster's best group protocol, no Kafka overrides.
   */
  public static Builder builder(
      TaskTopics topics,
      TaskKind kind,
      String bootstrapServers,
      List<ModelBinding> models,
      ClientConfig client) {
    return new Builder(topics, kind, bootstrapServers, models, client);
  }

  /** Builds a {@link LabelerConfig} by name; {@link #build()} validates. */
  public static final class Builder {
    private final TaskTopics topics;
    private final TaskKind kind;
    private final String bootstrapServers;
    private final List<ModelBinding> models;
    private ClientConfig client;
    private List<BindOverride> bindings = List.of();
    private Duration modelWait = Duration.ofMinutes(5);
    private Duration studentCheck = Duration.ofSeconds(5);
    private String groupId;
    private String instanceId = "0";
    private BatchPolicy batch = new BatchPolicy(64, Duration.ofMillis(5), 4, 64L << 20);
    private Duration commitInterval = Duration.ofMillis(100);
    private List<io.distillery.claimcheck.BlobLocation> claimCheckRoots = List.of();
    private long maxClaimCheckBytes = 256L << 20;
    private GroupProtocol groupProtocol = GroupProtocol.AUTO;
    private Map<String, String> consumerOverrides = Map.of();
    private Map<String, String> producerOverrides = Map.of();

    private Builder(
        TaskTopics topics,
        TaskKind kind,
        String bootstrapServers,
        List<ModelBinding> models,
        ClientConfig client) {
      this.topics = topics;
      this.kind = kind;
      this.bootstrapServers = bootstrapServers;
      this.models = models;
      this.client = client;
      this.groupId = defaultGroup(topics.task());
    }

    /** How the teachers' servers are reached (replaces the client settings given at the start). */
    public Builder client(ClientConfig value) {
      client = value;
      return this;
    }

    /** Tensor roles given by hand, over the ones inferred from each model's config. */
    public Builder bindings(List<BindOverride> value) {
      bindings = value;
      return this;
    }

    /** How long to wait at start for models that are not loaded yet. */
    public Builder modelWait(Duration value) {
      modelWait = value;
      return this;
    }

    /** How often a student that is not served yet is looked for again (default 5 s). */
    public Builder studentCheck(Duration value) {
      studentCheck = value;
      return this;
    }

    /** The consumer group shared by the task's instances. */
    public Builder groupId(String value) {
      groupId = value;
      return this;
    }

    /** This instance's stable id, part of its transactional id. */
    public Builder instanceId(String value) {
      instanceId = value;
      return this;
    }

    /** Micro-batch and in-flight limits. */
    public Builder batch(BatchPolicy value) {
      batch = value;
      return this;
    }

    /** How often finished results are committed. */
    public Builder commitInterval(Duration value) {
      commitInterval = value;
      return this;
    }

    /** Roots under which claim-checked payloads may be read. */
    public Builder claimCheckRoots(List<Path> value) {
      claimCheckRoots = io.distillery.claimcheck.BlobLocation.directories(value);
      return this;
    }

    /** Locations (directories or S3 bucket prefixes) claim-checked payloads may be read from. */
    public Builder claimCheckLocations(List<io.distillery.claimcheck.BlobLocation> value) {
      claimCheckRoots = value;
      return this;
    }

    /** The largest claim-checked payload read. */
    public Builder maxClaimCheckBytes(long value) {
      maxClaimCheckBytes = value;
      return this;
    }

    /** Kafka client settings passed through to the consumer and the producer alike. */
    public Builder kafkaOverrides(Map<String, String> value) {
      consumerOverrides = value;
      producerOverrides = value;
      return this;
    }

    /** The consumer-group protocol (default {@link GroupProtocol#AUTO}). */
    public Builder groupProtocol(GroupProtocol value) {
      groupProtocol = value;
      return this;
    }

    /** Kafka consumer settings passed through (applied after {@link #kafkaOverrides}). */
    public Builder consumerOverrides(Map<String, String> value) {
      consumerOverrides = value;
      return this;
    }

    /** The validated configuration. */
    public LabelerConfig build() {
      return new LabelerConfig(
          topics,
          kind,
          bootstrapServers,
          groupId,
          instanceId,
          models,
          bindings,
          modelWait,
          studentCheck,
          batch,
          commitInterval,
          claimCheckRoots,
          maxClaimCheckBytes,
          client,
          groupProtocol,
          consumerOverrides,
          producerOverrides);
    }
  }
}
