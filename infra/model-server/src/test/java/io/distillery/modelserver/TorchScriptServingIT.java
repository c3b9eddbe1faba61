package io.distillery.modelserver;

import static io.distillery.modelserver.ServingFixture.floats;
import static io.distillery.modelserver.ServingFixture.fp32Request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.distillery.models.DemoRepository;
import io.distillery.schemas.kserve.GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub;
import io.distillery.schemas.kserve.ModelInferResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Serves a tiny TorchScript classifier made at test time by Debian's python3-torch. */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TorchScriptServingIT {

  // Writes a seeded linear classifier over 1x28x28 images and prints its logits for an all-0.5
  // image.
  private static final String MAKE_MODEL =
      """
      import sys, torch
      torch.manual_seed(7)
      class Net(torch.nn.Module):
          def __init__(self):
              super().__init__()
              self.fc = torch.nn.Linear(784, 10)
          def forward(self, x):
              return self.fc(x.reshape(x.shape[0], 784))
      net = Net().eval()
      torch.jit.script(net).save(sys.argv[1])
      with torch.no_grad():
          print(" ".join(repr(v) for v in net(torch.full((1, 1, 28, 28), 0.5))[0].tolist()))
      """;

  @TempDir Path root;
  @TempDir Path work;
  private ServingFixture fixture;
  private float[] expected;

  @BeforeEach
  void start() throws Exception {
    assumeTrue(Files.isExecutable(Path.of(ExternalTools.SYSTEM_PYTHON)), "no system python3");
    assumeTrue(
        ExternalTools.available(ExternalTools.SYSTEM_PYTHON, "-c", "import torch"),
        "system python3 has no torch");
    DemoRepository.write(root);
    Path version = Files.createDirectories(root.resolve(DemoRepository.IMAGE_TEACHER).resolve("1"));
    Path script = Files.writeString(work.resolve("make_model.py"), MAKE_MODEL);
    String printed =
        ExternalTools.run(
            List.of(
                ExternalTools.SYSTEM_PYTHON,
                script.toString(),
                version.resolve("model.pt").toString()));
    String[] last = printed.strip().lines().reduce((a, b) -> b).orElseThrow().split(" ");
    expected = new float[last.length];
    for (int i = 0; i < last.length; i++) {
      expected[i] = Float.parseFloat(last[i]);
    }
    fixture = new ServingFixture(root);
    fixture.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void shouldReturnTheLogitsTorchComputesForABatch() {
    GRPCInferenceServiceBlockingStub stub = fixture.stub();
    float[] pixels = new float[3 * 784];
    Arrays.fill(pixels, 0.5f);

    ModelInferResponse response =
        stub.modelInfer(
            fp32Request(
                DemoRepository.IMAGE_TEACHER, "INPUT__0", new long[] {3, 1, 28, 28}, pixels));

    assertThat(response.getOutputs(0).getName()).isEqualTo("OUTPUT__0");
    assertThat(response.getOutputs(0).getShapeList()).containsExactly(3L, 10L);
    float[] logits = floats(response.getRawOutputContents(0));
    for (int row = 0; row < 3; row++) {
      for (int k = 0; k < 10; k++) {
        assertThat(logits[row * 10 + k]).isCloseTo(expected[k], within(1e-4f));
      }
    }
  }
}
