package io.distillery.claimcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.distillery.schemas.avro.ClaimCheck;
import io.distillery.schemas.deadletter.RefusedRecordException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimCheckResolverTest {

  @TempDir Path root;
  @TempDir Path elsewhere;

  @Test
  void shouldReturnTheStoredBytesVerified() throws Exception {
    LocalBlobStore store = new LocalBlobStore(root);
    byte[] payload = "a payload too big to travel inline".getBytes();

    ClaimCheck check = store.put(payload, "audio/wav");

    assertThat(check.getSha256()).isEqualTo(Sha256.hex(payload));
    assertThat(check.getSize()).isEqualTo(payload.length);
    assertThat(ClaimCheckResolver.local(List.of(root), 1 << 20).fetch(check)).isEqualTo(payload);
  }

  @Test
  void shouldRefuseAUriOutsideTheRoots() {
    ClaimCheck passwd = check("file:///etc/passwd", "00", 10);

    assertThatThrownBy(() -> ClaimCheckResolver.local(List.of(root), 1 << 20).fetch(passwd))
        .isInstanceOf(RefusedRecordException.class)
        .hasMessageContaining("outside the allowed roots")
        .extracting(e -> ((RefusedRecordException) e).reason().code())
        .isEqualTo("claim-check-outside-roots");
  }

  @Test
  void shouldRefuseDotDotSegmentsEvenWhenTheyResolveInsideTheRoot() throws Exception {
    Files.createDirectories(root.resolve("a"));
    String uri = root.toUri() + "a/../a/blob";

    assertThatThrownBy(() -> ClaimCheckResolver.local(List.of(root), 1 << 20).allowedPath(uri))
        .isInstanceOf(RefusedRecordException.class)
        .hasMessageContaining("'..'");
  }

  @Test
  void shouldRefuseASymlinkPointingOutOfTheRoot() throws Exception {
    Path secret = Files.writeString(elsewhere.resolve("secret"), "secret");
    Path link = Files.createSymbolicLink(root.resolve("link"), secret);

    assertThatThrownBy(
            () ->
                ClaimCheckResolver.local(List.of(root), 1 << 20)
                    .allowedPath(link.toUri().toString()))
        .isInstanceOf(RefusedRecordException.class)
        .hasMessageContaining("outside the allowed roots");
  }

  @Test
  void shouldRefuseABlobWhoseHashDoesNotMatch() throws Exception {
    LocalBlobStore store = new LocalBlobStore(root);
    ClaimCheck good = store.put("original".getBytes(), "image/png");
    Files.writeString(Path.of(java.net.URI.create(good.getUri())), "tampered");

    assertThatThrownBy(() -> ClaimCheckResolver.local(List.of(root), 1 << 20).fetch(good))
        .isInstanceOf(RefusedRecordException.class)
        .extracting(e -> ((RefusedRecordException) e).reason().code())
        .isEqualTo("claim-check-hash-mismatch");
  }

  @Test
  void shouldRefuseUnsupportedSchemes() {
    assertThatThrownBy(
            () ->
                ClaimCheckResolver.local(List.of(root), 1 << 20)
                    .fetch(check("http://example.invalid/x", "00", 1)))
        .isInstanceOf(RefusedRecordException.class)
        .extracting(e -> ((RefusedRecordException) e).reason().code())
        .isEqualTo("claim-check-unsupported");
  }

  private static ClaimCheck check(String uri, String sha, long size) {
    return ClaimCheck.newBuilder()
        .setUri(uri)
        .setSha256(sha)
        .setSize(size)
        .setContentType("application/octet-stream")
        .build();
  }
}
