package io.distillery.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry settings, read under Confluent's names out of the Kafka client settings. */
class RegistryConfigTest {

  @TempDir Path dir;

  @Test
  void shouldReadSeveralUrlsAndDropTrailingSlashes() {
    RegistryConfig config =
        new RegistryConfig(
            Map.of(RegistryConfig.URL, "http://a:8081/, https://b:8081/apis/ccompat/v7//"));

    assertThat(config.urls()).containsExactly("http://a:8081", "https://b:8081/apis/ccompat/v7");
    assertThat(config.userInfo()).isNull();
    assertThat(config.autoRegister()).isTrue();
  }

  @Test
  void shouldTakeTheBasicAuthSecretFromAConfigProviderAndNeverPrintIt() throws Exception {
    Path secrets = dir.resolve("secrets.properties");
    Files.writeString(secrets, "registry=distillery:s3cr3t-Pa55\n");

    RegistryConfig config =
        new RegistryConfig(
            Map.of(
                RegistryConfig.URL,
                "https://registry:8081",
                "config.providers",
                "file",
                "config.providers.file.class",
                "org.apache.kafka.common.config.provider.FileConfigProvider",
                RegistryConfig.CREDENTIALS_SOURCE,
                "USER_INFO",
                RegistryConfig.USER_INFO,
                "${file:" + secrets + ":registry}"));

    assertThat(config.userInfo().value()).isEqualTo("distillery:s3cr3t-Pa55");
  }

  @Test
  void shouldRefuseCredentialsInTheUrlWithoutRepeatingThem() {
    assertThatThrownBy(
            () -> new RegistryConfig(Map.of(RegistryConfig.URL, "https://sr:s3cr3t@registry:8081")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(RegistryConfig.USER_INFO)
        .hasMessageNotContaining("s3cr3t");
    assertThatThrownBy(() -> new RegistryConfig(Map.of(RegistryConfig.URL, "http://bad host")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not a URL");
  }

  @Test
  void shouldRefuseUserInfoCredentialsWithoutUserInfo() {
    assertThatThrownBy(
            () ->
                new RegistryConfig(
                    Map.of(
                        RegistryConfig.URL,
                        "http://a:8081",
                        RegistryConfig.CREDENTIALS_SOURCE,
                        "USER_INFO")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(RegistryConfig.USER_INFO);
  }
}
