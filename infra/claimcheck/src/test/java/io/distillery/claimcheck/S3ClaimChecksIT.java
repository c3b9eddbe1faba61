package io.distillery.claimcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.claimcheck.s3.S3Settings;
import io.distillery.schemas.avro.ClaimCheck;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.deadletter.RefusedRecordException;
import io.distillery.testkit.records.Records;
import io.distillery.testkit.s3.S3Server;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Claim checks in S3, against a real S3 server (s3proxy, SigV4) on loopback: what a producer
 * writes, what a reader accepts, and what each fault does to a record — refused with its
 * dead-letter reason when the record is at fault, {@link BlobStoreUnavailableException} when the
 * store is.
 */
@Tag("integration")
class S3ClaimChecksIT {

  private static S3Server server;
  private static S3Settings s3;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3Server.start("payloads", "other");
    s3 =
        S3Settings.defaults()
            .withEndpoint(server.endpoint(), true)
            .withRegion("us-east-1")
            .withCredentials(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(S3Server.ACCESS_KEY, S3Server.SECRET_KEY)))
            .withRetries(3, Duration.ofSeconds(20));
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  private static BlobLocation.Bucket bucket(String text) {
    return (BlobLocation.Bucket) BlobLocation.parse(text, s3);
  }

  private static byte[] payload(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldStoreAPayloadOnceUnderItsDigestAndReadItBackVerified() throws Exception {
    byte[] bytes = payload("a recording far too long to travel inline");
    try (BlobStore store = BlobStore.open(bucket("s3://payloads/asr/raw"));
        ClaimCheckResolver resolver =
            new ClaimCheckResolver(List.of(bucket("s3://payloads/asr")), 1 << 20)) {
      ClaimCheck first = store.put(bytes, "audio/wav");
      ClaimCheck again = store.put(bytes, "audio/wav");

      String sha = Sha256.hex(bytes);
      String key = "asr/raw/" + sha.substring(0, 2) + "/" + sha;
      assertThat(first.getUri()).isEqualTo("s3://payloads/" + key);
      assertThat(first.getSha256()).isEqualTo(sha);
      assertThat(first.getSize()).isEqualTo(bytes.length);
      assertThat(again).isEqualTo(first);
      assertThat(server.keys("payloads")).containsOnlyOnce(key);
      assertThat(server.object("payloads", key)).isEqualTo(bytes);
      assertThat(resolver.fetch(first)).isEqualTo(bytes);
      RawRecord raw = Records.speech("asr", "r1", null).setClaimCheck(first).build();
      assertThat(resolver.payload(raw)).isEqualTo(bytes);
    }
  }

  @Test
  void shouldHoldARecordReadAfterTheResolverClosedInsteadOfOpeningAClient() throws Exception {
    byte[] bytes = payload("read while the stage shuts down");
    ClaimCheck check;
    try (BlobStore store = BlobStore.open(bucket("s3://payloads/asr/closing"))) {
      check = store.put(bytes, "audio/wav");
    }
    ClaimCheckResolver resolver =
        new ClaimCheckResolver(List.of(bucket("s3://payloads/asr")), 1 << 20);
    assertThat(resolver.fetch(check)).isEqualTo(bytes);
    resolver.close();

    assertThatThrownBy(() -> resolver.fetch(check))
        .as("an outage to the caller: its input stays unconsumed, nothing is dead-lettered")
        .isInstanceOf(BlobStoreUnavailableException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void shouldRefuseObjectsOutsideTheAllowedBucketPrefixes() throws Exception {
    ClaimCheck stored;
    try (BlobStore store = BlobStore.open(bucket("s3://payloads/asr-en"))) {
      stored = store.put(payload("stored beside the allowed prefix"), "audio/wav");
    }
    try (ClaimCheckResolver resolver =
        new ClaimCheckResolver(List.of(bucket("s3://payloads/asr")), 1 << 20)) {
      String sha = stored.getSha256();
      for (String uri :
          List.of(
              stored.getUri(), // asr-en/... is not under asr/
              "s3://other/asr/" + sha,
              "s3://payloads/asr/../asr-en/" + sha,
              "s3://payloads/asr/./x",
              "s3://payloads/asr//x",
              "s3://payloads")) {
        assertThatThrownBy(() -> resolver.fetch(check(uri, sha, stored.getSize())))
            .as(uri)
            .isInstanceOf(RefusedRecordException.class)
            .extracting(e -> ((RefusedRecordException) e).reason().code())
            .isEqualTo("claim-check-outside-roots");
      }
    }
  }

  @Test
  void shouldRefuseMissingTamperedAndResizedObjectsWithTheirReasons() throws Exception {
    try (BlobStore store = BlobStore.open(bucket("s3://payloads/faults"));
        ClaimCheckResolver resolver =
            new ClaimCheckResolver(List.of(bucket("s3://payloads/faults")), 1 << 20)) {
      ClaimCheck missing = store.put(payload("deleted after the record was written"), "audio/wav");
      server.deleteObject("payloads", key(missing));
      ClaimCheck tampered = store.put(payload("tampered with after it was written"), "audio/wav");
      server.putObject("payloads", key(tampered), payload("TAMPERED with after it was written"));
      ClaimCheck longer = store.put(payload("grown after it was written"), "audio/wav");
      server.putObject("payloads", key(longer), payload("grown after it was written, by a lot"));
      ClaimCheck shorter = store.put(payload("shrunk after it was written"), "audio/wav");
      server.putObject("payloads", key(shorter), payload("shrunk"));

      assertThat(reason(resolver, missing)).isEqualTo("claim-check-missing");
      assertThat(reason(resolver, tampered)).isEqualTo("claim-check-hash-mismatch");
      assertThat(reason(resolver, longer)).isEqualTo("claim-check-size-mismatch");
      assertThat(reason(resolver, shorter)).isEqualTo("claim-check-size-mismatch");
      ClaimCheck huge = ClaimCheck.newBuilder(tampered).setSize(2 << 20).build();
      assertThat(reason(resolver, huge)).isEqualTo("claim-check-too-large");
      ClaimCheck negative = ClaimCheck.newBuilder(tampered).setSize(-1).build();
      assertThat(reason(resolver, negative)).isEqualTo("claim-check-size-mismatch");
    }
  }

  @Test
  void shouldRideOutThrottlingWithinTheRetryBudgetAndReportTheStoreBeyondIt() throws Exception {
    try (BlobStore store = BlobStore.open(bucket("s3://payloads/throttled"));
        ClaimCheckResolver resolver =
            new ClaimCheckResolver(List.of(bucket("s3://payloads/throttled")), 1 << 20)) {
      byte[] bytes = payload("read while the store throttles");
      ClaimCheck check = store.put(bytes, "audio/wav");

      int before = server.reads();
      server.failReads(2, 503);
      assertThat(resolver.fetch(check)).isEqualTo(bytes);
      assertThat(server.reads() - before).as("two throttled attempts, then the read").isEqualTo(3);

      server.failReads(3, 503);
      assertThatThrownBy(() -> resolver.fetch(check))
          .isInstanceOf(BlobStoreUnavailableException.class)
          .hasMessageContaining("HTTP 503")
          .hasMessageContaining(check.getUri());
    }
  }

  @Test
  void shouldTreatAMissingBucketAsAnUnavailableStoreNotAMissingObject() throws Exception {
    // a configured bucket that is gone is the deployment's problem: good records must not be
    // dead-lettered as missing while someone fixes it
    try (ClaimCheckResolver resolver =
        new ClaimCheckResolver(List.of(bucket("s3://vanished/asr")), 1 << 20)) {
      ClaimCheck check = check("s3://vanished/asr/ab/" + "ab".repeat(32), "ab".repeat(32), 10);
      assertThatThrownBy(() -> resolver.fetch(check))
          .isInstanceOf(BlobStoreUnavailableException.class)
          .hasMessageContaining("NoSuchBucket");
    }
  }

  @Test
  void shouldTreatWrongCredentialsAsAnUnavailableStoreWithoutPrintingThem() throws Exception {
    ClaimCheck check;
    try (BlobStore store = BlobStore.open(bucket("s3://payloads/denied"))) {
      check = store.put(payload("readable with the right key only"), "audio/wav");
    }
    S3Settings wrong =
        s3.withCredentials(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3Server.ACCESS_KEY, "not-the-secret-key")));
    try (ClaimCheckResolver resolver =
        new ClaimCheckResolver(
            List.of(new BlobLocation.Bucket("payloads", "denied", wrong)), 1 << 20)) {
      assertThatThrownBy(() -> resolver.fetch(check))
          .isInstanceOf(BlobStoreUnavailableException.class)
          .hasMessageContaining("HTTP 403")
          .hasMessageContaining("check the credentials")
          .hasMessageNotContaining("not-the-secret-key");
    }
  }

  @Test
  void shouldWaitOutAnOutageAndReadTheRecordWhenTheStoreIsBack() throws Exception {
    byte[] bytes = payload("read across an outage");
    ClaimCheck check;
    try (BlobStore store = BlobStore.open(bucket("s3://payloads/outage"))) {
      check = store.put(bytes, "audio/wav");
    }
    RawRecord raw = Records.speech("asr", "r2", null).setClaimCheck(check).build();
    try (ClaimCheckResolver resolver =
        new ClaimCheckResolver(List.of(bucket("s3://payloads/outage")), 1 << 20)) {
      server.stop();
      try {
        assertThatThrownBy(() -> resolver.payload(raw))
            .isInstanceOf(BlobStoreUnavailableException.class)
            .hasMessageContaining(check.getUri());
        CompletableFuture<byte[]> waiting =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return resolver.payloadWhenAvailable(raw, () -> true);
                  } catch (RefusedRecordException e) {
                    throw new AssertionError(e);
                  }
                });
        // still waiting while the store is down: neither a payload nor a refusal
        assertThatThrownBy(() -> waiting.get(2, TimeUnit.SECONDS))
            .isInstanceOf(java.util.concurrent.TimeoutException.class);
        server.start();
        assertThat(waiting.get(60, TimeUnit.SECONDS)).isEqualTo(bytes);
      } finally {
        server.start();
      }
    }
  }

  @Test
  void shouldGiveUpWaitingWhenTheCallerStops() throws Exception {
    ClaimCheck check;
    try (BlobStore store = BlobStore.open(bucket("s3://payloads/outage"))) {
      check = store.put(payload("never read: the stage stops first"), "audio/wav");
    }
    RawRecord raw = Records.speech("asr", "r3", null).setClaimCheck(check).build();
    try (ClaimCheckResolver resolver =
        new ClaimCheckResolver(List.of(bucket("s3://payloads/outage")), 1 << 20)) {
      server.stop();
      try {
        assertThatThrownBy(() -> resolver.payloadWhenAvailable(raw, () -> false))
            .isInstanceOf(BlobStoreUnavailableException.class);
      } finally {
        server.start();
      }
    }
  }

  @Test
  void shouldFailAProducersWriteWhenTheStoreIsDown() throws Exception {
    try (BlobStore store = BlobStore.open(bucket("s3://payloads/down"))) {
      server.stop();
      try {
        assertThatThrownBy(() -> store.put(payload("not written"), "audio/wav"))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("s3://payloads/down/");
      } finally {
        server.start();
      }
    }
  }

  @Test
  void shouldParseLocationsAndRefuseOthers() {
    assertThat(bucket("s3://payloads/a/b/").prefix()).isEqualTo("a/b");
    assertThat(bucket("s3://payloads").prefix()).isEmpty();
    assertThat(BlobLocation.parse("blobs", s3)).isInstanceOf(BlobLocation.Directory.class);
    assertThatThrownBy(() -> BlobLocation.parse("gs://payloads/x", s3))
        .hasMessageContaining("only s3:// and file:");
    assertThatThrownBy(() -> BlobLocation.parse("s3://Payloads_Bucket/x", s3))
        .hasMessageContaining("Not an S3 bucket name");
    assertThatThrownBy(() -> BlobLocation.parse("s3://payloads/a/../b", s3))
        .hasMessageContaining("'..'");
  }

  private static String key(ClaimCheck check) {
    return check.getUri().substring("s3://payloads/".length());
  }

  private static String reason(ClaimCheckResolver resolver, ClaimCheck check) {
    try {
      resolver.fetch(check);
      throw new AssertionError("fetched " + check.getUri());
    } catch (RefusedRecordException e) {
      return e.reason().code();
    }
  }

  private static ClaimCheck check(String uri, String sha, long size) {
    return ClaimCheck.newBuilder()
        .setUri(uri)
        .setSha256(sha)
        .setSize(size)
        .setContentType("audio/wav")
        .build();
  }
}
