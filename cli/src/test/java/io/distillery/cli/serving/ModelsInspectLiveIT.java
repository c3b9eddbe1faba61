package io.distillery.cli.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.distillery.cli.Distillery;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import io.distillery.testkit.models.SyntheticModels;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code distillery models inspect --server}: the binding read from a running server. */
@Tag("integration")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ModelsInspectLiveIT {

  @TempDir Path repository;

  @Test
  void shouldBindAModelReadFromARunningServerAndRefuseAnUnknownOne() throws Exception {
    SyntheticModels.imageClassifier(repository, "classifier", 8, Map.of());
    try (InferenceServer server = InferenceServer.start(ServerConfig.loopback(repository, 0))) {
      String address = "127.0.0.1:" + server.port();

      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit =
          run(out, err, "--server", address, "--model", "classifier", "--kind", "image", "--json");

      assertThat(exit).as(err.toString()).isZero();
      JsonNode json = new ObjectMapper().readTree(out.toString());
      assertThat(json.get("inputs").get("INPUT__0").asText()).isEqualTo("pixels");
      assertThat(json.get("outputs").get("OUTPUT__0").asText()).isEqualTo("scores");
      assertThat(json.get("max_batch_size").asInt()).isEqualTo(8);
      assertThat(json.get("layout").asText()).isEqualTo("NCHW 1x28x28");

      StringWriter unknownErr = new StringWriter();
      int unknown =
          run(
              new StringWriter(),
              unknownErr,
              "--server",
              address,
              "--model",
              "nope",
              "--kind",
              "image");
      assertThat(unknown).isEqualTo(2);
      assertThat(unknownErr.toString()).contains("Cannot read the model").contains("nope");
    }
  }

  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cli = Distillery.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    all[0] = "models";
    all[1] = "inspect";
    System.arraycopy(args, 0, all, 2, args.length);
    return cli.execute(all);
  }
}
