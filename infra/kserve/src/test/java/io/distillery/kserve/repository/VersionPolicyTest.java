package io.distillery.kserve.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.schemas.kserve.config.ModelVersionPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionPolicyTest {

  private static final List<Long> PRESENT = List.of(1L, 3L, 7L);

  @Test
  void shouldServeOnlyTheHighestVersionByDefault() {
    assertThat(VersionPolicy.select(ModelVersionPolicy.getDefaultInstance(), PRESENT))
        .containsExactly(7L);
  }

  @Test
  void shouldServeLatestAllAndSpecificVersions() {
    ModelVersionPolicy latestTwo =
        ModelVersionPolicy.newBuilder()
            .setLatest(ModelVersionPolicy.Latest.newBuilder().setNumVersions(2))
            .build();
    ModelVersionPolicy all =
        ModelVersionPolicy.newBuilder().setAll(ModelVersionPolicy.All.getDefaultInstance()).build();
    ModelVersionPolicy specific =
        ModelVersionPolicy.newBuilder()
            .setSpecific(ModelVersionPolicy.Specific.newBuilder().addVersions(3).addVersions(9))
            .build();

    assertThat(VersionPolicy.select(latestTwo, PRESENT)).containsExactly(3L, 7L);
    assertThat(VersionPolicy.select(all, PRESENT)).containsExactly(1L, 3L, 7L);
    assertThat(VersionPolicy.select(specific, PRESENT)).containsExactly(3L);
  }
}
