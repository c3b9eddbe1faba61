package io.distillery.cli.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.schemas.SchemaCatalog;
import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.avro.StudentVersion;
import io.distillery.schemas.registry.RegistryConfig;
import io.distillery.schemas.registry.SchemaRegistryClient;
import io.distillery.schemas.registry.SchemaRegistryException;
import io.distillery.schemas.serde.Serdes;
import io.distillery.schemas.serde.UnknownSchemaException;
import io.distillery.schemas.serde.WireFormat;
import io.distillery.testkit.registry.ApicurioRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client against a real registry (Apicurio Registry's Confluent-compatible API):
 * register, look up, fetch by id, latest, compatibility, and the errors a stage acts on.
 */
@Tag("integration")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SchemaRegistryClientIT {

  @TempDir static Path logs;

  private static ApicurioRegistry server;
  private static SchemaRegistryClient client;

  @BeforeAll
  static void start() throws Exception {
    Assumptions.assumeTrue(
        ApicurioRegistry.runner().isPresent(),
        "Apicurio Registry not unpacked (infra/scripts/install-prerequisites.sh)");
    server = ApicurioRegistry.start(logs);
    client =
        new SchemaRegistryClient(
            new RegistryConfig(Map.of(RegistryConfig.URL, server.confluentUrl())));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldRegisterOnceAndServeTheSchemaByIdAndAsLatest() {
    Schema raw = RawRecord.getClassSchema();

    int id = client.register("reg-a-value", raw);
    SchemaRegistryClient fresh =
        new SchemaRegistryClient(
            new RegistryConfig(Map.of(RegistryConfig.URL, server.confluentUrl())));

    assertThat(fresh.register("reg-a-value", raw)).isEqualTo(id);
    assertThat(fresh.lookup("reg-a-value", raw)).isEqualTo(id);
    assertThat(SchemaNormalization.parsingFingerprint64(fresh.schemaById(id)))
        .isEqualTo(SchemaNormalization.parsingFingerprint64(raw));
    SchemaRegistryClient.Registered latest = fresh.latest("reg-a-value");
    assertThat(latest.id()).isEqualTo(id);
    assertThat(latest.version()).isEqualTo(1);
  }

  @Test
  void shouldAcceptEveryShippedVersionOfEveryWireTypeInOrderUnderBackward() throws Exception {
    for (Class<?> type :
        List.of(
            RawRecord.class,
            LabeledRecord.class,
            ScoredRecord.class,
            DeadLetter.class,
            StudentVersion.class)) {
      String subject = "evolution-" + type.getSimpleName() + "-value";
      setCompatibility(subject, "BACKWARD");
      List<Schema> versions = new ArrayList<>(SchemaCatalog.historicSchemas(type));
      versions.add(SpecificData.get().getSchema(type));

      for (Schema version : versions) {
        client.register(subject, version);
      }

      assertThat(client.latest(subject).version()).as(subject).isEqualTo(versions.size());
    }
  }

  @Test
  void shouldAcceptEveryShippedVersionInOrderUnderBackwardAndRefuseAnIncompatibleOne()
      throws Exception {
    setCompatibility("reg-b-value", "BACKWARD");
    Schema v1 = SchemaCatalog.historicSchemas(LabeledRecord.class).get(0);
    Schema current = LabeledRecord.getClassSchema();

    int first = client.register("reg-b-value", v1);
    int second = client.register("reg-b-value", current);

    assertThat(second).isNotEqualTo(first);
    assertThat(client.latest("reg-b-value").version()).isEqualTo(2);
    // a new required field without a default cannot read what was written before
    Schema breaking =
        SchemaBuilder.record("LabeledRecord")
            .namespace("io.distillery.schemas.avro")
            .fields()
            .requiredString("mandatoryNewField")
            .endRecord();
    assertThat(client.compatible("reg-b-value", breaking)).isFalse();
    assertThatThrownBy(() -> client.register("reg-b-value", breaking))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.status()).isEqualTo(409);
              assertThat(e.unavailable()).isFalse();
            });
  }

  @Test
  void shouldAnswerNotFoundForAnUnknownIdAndSubject() {
    assertThatThrownBy(() -> client.schemaById(987_654))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.notFound()).isTrue();
              assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
            });
    assertThatThrownBy(() -> client.lookup("reg-none-value", RawRecord.getClassSchema()))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class, e -> assertThat(e.notFound()).isTrue());
  }

  @Test
  void shouldNotCallAnIdUnknownWhenSomethingOtherThanTheRegistryAnswers() {
    // a wrong base path: the server answers 404 without the registry's "schema not found" code,
    // which says nothing about the record, so the reader must stop rather than dead-letter it
    Map<String, Object> wrongPath =
        Map.of(
            WireFormat.SETTING,
            "confluent",
            RegistryConfig.URL,
            server.confluentUrl().replace("/apis/ccompat/v7", "/not-the-registry"));
    int id = client.register("reg-d-value", RawRecord.getClassSchema());
    byte[] framed = {0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id, 2, 0};

    assertThatThrownBy(() -> Serdes.raw(WireFormat.from(wrongPath)).decode(framed))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isNotEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND))
        .isNotInstanceOf(UnknownSchemaException.class);
  }

  @Test
  void shouldGiveUpOnAnUnreachableRegistryAfterItsRetryBudgetAsUnavailable() throws Exception {
    int closed = closedPort();
    SchemaRegistryClient unreachable =
        new SchemaRegistryClient(
            new RegistryConfig(
                Map.of(
                    RegistryConfig.URL,
                    "http://127.0.0.1:" + closed,
                    RegistryConfig.RETRY_MAX_MS,
                    "500")));

    assertThatThrownBy(() -> unreachable.schemaById(1))
        .isInstanceOfSatisfying(
            SchemaRegistryException.class,
            e -> {
              assertThat(e.unavailable()).isTrue();
              assertThat(e).hasMessageContaining("unavailable after 500 ms");
            });
  }

  @Test
  void shouldFailOverToTheNextUrlWhenTheFirstIsDown() throws Exception {
    int closed = closedPort();
    SchemaRegistryClient failover =
        new SchemaRegistryClient(
            new RegistryConfig(
                Map.of(
                    RegistryConfig.URL,
                    "http://127.0.0.1:" + closed + "," + server.confluentUrl())));

    int id = failover.register("reg-c-value", RawRecord.getClassSchema());

    assertThat(client.schemaById(id)).isEqualTo(failover.schemaById(id));
  }

  /** A loopback port nothing listens on. */
  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void setCompatibility(String subject, String level) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.confluentUrl() + "/config/" + subject))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .PUT(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"compatibility\":\"" + level + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
