package io.distillery.cli.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distillery.cli.TlsClientOptions;
import io.distillery.kserve.client.ClientConfig;
import io.distillery.kserve.client.InferenceException;
import io.distillery.kserve.client.ServerAddress;
import io.distillery.kserve.client.SignatureReader;
import io.distillery.kserve.client.TritonClient;
import io.distillery.kserve.config.ModelConfigs;
import io.distillery.kserve.tensor.ModelSignature;
import io.distillery.kserve.tensor.TensorSpec;
import io.distillery.labeler.binding.BindOverride;
import io.distillery.labeler.binding.Binder;
import io.distillery.labeler.binding.Binding;
import io.distillery.labeler.binding.TensorRole;
import io.distillery.schemas.kserve.config.ModelConfig;
import io.distillery.schemas.topics.TaskKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distillery models inspect}: the binding the labeler would use for a model. */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "Looks at teacher models the way the labeler binds them.",
    subcommands = {ModelsCommand.Inspect.class})
public final class ModelsCommand {

  /** Exit status of a model that does not bind. */
  static final int UNBOUND = 3;

  /** Prints the binding of one model, from its config file or a live server. */
  @Command(
      name = "inspect",
      mixinStandardHelpOptions = true,
      description = {
        "Shows which tensor of a model the labeler sends the audio or image on and reads the"
            + " transcript or class scores from, inferred from the model's config and --bind; exits"
            + " "
            + UNBOUND
            + " with the reason when the model does not bind.",
        "Offline: --config path/to/config.pbtxt. Live: --server HOST:PORT --model NAME."
      })
  static final class Inspect implements Callable<Integer> {

    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(
        names = "--kind",
        required = true,
        description = "speech or image: which task the model would label.")
    TaskKind kind;

    @Option(
        names = "--bind",
        paramLabel = "[MODEL:]TENSOR=ROLE",
        description = "A tensor's role over the inferred one (repeatable), as for 'label --bind'.")
    List<String> bindings = new ArrayList<>();

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Mixin TlsClientOptions tls;

    /** Where the model's signature comes from. */
    static final class Source {
      @Option(names = "--config", paramLabel = "FILE", description = "A model's config.pbtxt.")
      Path config;

      @ArgGroup(exclusive = false)
      Live live;
    }

    /** A model on a running server. */
    static final class Live {
      @Option(names = "--server", required = true, paramLabel = "HOST:PORT")
      String server;

      @Option(names = "--model", required = true, paramLabel = "NAME")
      String model;
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ModelSignature signature;
      try {
        signature = source.config != null ? fromFile(source.config) : fromServer();
      } catch (InferenceException | IllegalArgumentException e) {
        err.println("Cannot read the model: " + e.getMessage());
        return 2;
      }
      Binding binding;
      try {
        binding = Binder.bind(signature, kind, BindOverride.parseAll(bindings));
        Binder.checkUsed(BindOverride.parseAll(bindings), List.of(signature));
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        if (json) {
          Map<String, Object> refusal =
              Map.of(
                  "model", signature.name(),
                  "kind", kind.name().toLowerCase(Locale.ROOT),
                  "error", e.getMessage());
          out.println(new ObjectMapper().writeValueAsString(refusal));
        }
        return UNBOUND;
      }
      if (json) {
        out.println(new ObjectMapper().writeValueAsString(binding.describe()));
      } else {
        print(out, binding);
      }
      return 0;
    }

    private static ModelSignature fromFile(Path file) throws java.io.IOException {
      ModelConfig config = ModelConfigs.parse(Files.readString(file, StandardCharsets.UTF_8));
      if (config.getName().isEmpty()) {
        // Triton names a model after its folder
        Path folder = file.toAbsolutePath().getParent();
        config = config.toBuilder().setName(folder.getFileName().toString()).build();
      }
      return SignatureReader.fromConfig(config);
    }

    private ModelSignature fromServer() {
      ClientConfig config =
          ClientConfig.builder(List.of(ServerAddress.parse(source.live.server)))
              .tls(tls.settings())
              .maxAttempts(1)
              .build();
      try (TritonClient client = TritonClient.connect(config, new SimpleMeterRegistry())) {
        return client.signature(source.live.model, 0, Duration.ofSeconds(10));
      }
    }

    private static void print(PrintWriter out, Binding binding) {
      ModelSignature s = binding.signature();
      out.printf(
          Locale.ROOT,
          "%s (%s%s) binds as a %s model%n",
          s.name(),
          s.platform().isEmpty() ? "platform unknown" : s.platform(),
          s.decoupled() ? ", decoupled: streaming RPC" : "",
          binding.kind().name().toLowerCase(Locale.ROOT));
      for (TensorSpec t : s.inputs()) {
        TensorRole role = binding.inputs().get(t.name());
        out.printf(
            Locale.ROOT,
            "  input  %-28s %s%n",
            t.describe(),
            role == null ? "(optional, not sent)" : role);
      }
      for (TensorSpec t : s.outputs()) {
        TensorRole role = binding.outputs().get(t.name());
        out.printf(
            Locale.ROOT, "  output %-28s %s%n", t.describe(), role == null ? "(not read)" : role);
      }
      binding.layout().ifPresent(l -> out.printf(Locale.ROOT, "  image layout %s%n", l));
      binding.scaling().ifPresent(x -> out.printf(Locale.ROOT, "  pixel scaling %s%n", x));
      out.printf(
          Locale.ROOT,
          "  max_batch_size %d: up to %d records per request%n",
          s.maxBatchSize(),
          binding.itemsPerRequest());
    }
  }
}
