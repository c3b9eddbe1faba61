package io.distillery.schemas.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicLayoutTest {

  private final List<String> warnings = new ArrayList<>();

  @Test
  void shouldTakeProductionReplicationOnThreeBrokersOrMore() {
    assertThat(TopicLayout.partitions(4).forCluster(3, warnings::add))
        .isEqualTo(new TopicLayout(4, (short) 3, (short) 2));
    assertThat(TopicLayout.partitions(4).forCluster(5, warnings::add))
        .isEqualTo(new TopicLayout(4, (short) 3, (short) 2));
    assertThat(warnings).isEmpty();
  }

  @Test
  void shouldTakeOneReplicaPerBrokerOnSmallerClusters() {
    assertThat(TopicLayout.partitions(2).forCluster(1, warnings::add))
        .isEqualTo(new TopicLayout(2, (short) 1, (short) 1));
    assertThat(warnings).isEmpty();
    assertThat(TopicLayout.partitions(2).forCluster(2, warnings::add))
        .isEqualTo(new TopicLayout(2, (short) 2, (short) 1));
  }

  @Test
  void shouldLowerWhatTheClusterCannotHoldAndSaySo() {
    assertThat(new TopicLayout(2, (short) 3, (short) 2).forCluster(1, warnings::add))
        .isEqualTo(new TopicLayout(2, (short) 1, (short) 1));
    assertThat(warnings)
        .containsExactly(
            "replication factor 3 lowered to 1: the cluster has 1 broker(s)",
            "min.insync.replicas 2 lowered to 1 with the replicas");
  }

  @Test
  void shouldWarnWhenNoReplicaMayFail() {
    new TopicLayout(2, (short) 3, (short) 3).forCluster(3, warnings::add);
    assertThat(warnings).singleElement().asString().contains("writes stop while any one replica");
  }

  @Test
  void shouldRefuseLayoutsNoWriteCouldSatisfy() {
    assertThatThrownBy(() -> TopicLayout.partitions(0)).hasMessageContaining("partitions");
    assertThatThrownBy(() -> new TopicLayout(1, (short) -1, (short) 0))
        .hasMessageContaining("replication");
    assertThatThrownBy(() -> new TopicLayout(1, (short) 2, (short) 3))
        .hasMessageContaining("exceeds the replication factor");
  }
}
