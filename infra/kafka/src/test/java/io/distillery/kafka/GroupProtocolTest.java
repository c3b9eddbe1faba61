package io.distillery.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupProtocolTest {

  @Test
  void shouldParseTheCommandLinesNamesAndRefuseOthers() {
    assertThat(GroupProtocol.parse("auto")).isEqualTo(GroupProtocol.AUTO);
    assertThat(GroupProtocol.parse(" Consumer ")).isEqualTo(GroupProtocol.CONSUMER);
    assertThat(GroupProtocol.CLASSIC.configValue()).isEqualTo("classic");
    assertThatThrownBy(() -> GroupProtocol.parse("cooperative"))
        .hasMessage("Unknown group protocol cooperative: auto, classic or consumer");
    assertThatThrownBy(GroupProtocol.AUTO::configValue).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void shouldKeepAChosenProtocolWithoutAskingTheCluster() {
    Map<String, Object> nowhere = Map.of("bootstrap.servers", "127.0.0.1:1");
    assertThat(GroupProtocol.CLASSIC.resolve(nowhere)).isEqualTo(GroupProtocol.CLASSIC);
    assertThat(GroupProtocol.CONSUMER.resolve(nowhere)).isEqualTo(GroupProtocol.CONSUMER);
  }

  @Test
  void shouldFallBackToTheClassicProtocolWhenTheClusterCannotBeAsked() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    Map<String, Object> unreachable =
        Map.of(
            "bootstrap.servers", "127.0.0.1:" + closed,
            "request.timeout.ms", 500,
            "default.api.timeout.ms", 1000);
    assertThat(GroupProtocol.AUTO.resolve(unreachable)).isEqualTo(GroupProtocol.CLASSIC);
  }
}
