package io.distillery.cli.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The layering of the modules, checked on the main classes of the whole product: contracts depend
 * on nothing of ours, libraries on contracts, stages on contracts and libraries (never on each
 * other, the lab or the command line), the lab on stages, the benchmarks on the lab, and only the
 * command line on everything.
 */
class LayeringTest {

  /** Each layer's packages and the packages of ours it may use besides its own. */
  private static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

  static {
    allow("schemas");
    allow("asrmetrics");
    allow("media", "schemas");
    allow("claimcheck", "schemas");
    allow("kserve", "schemas");
    allow("kafka", "schemas");
    allow("broker", "schemas");
    allow("models", "schemas", "kserve");
    allow("modelserver", "schemas", "kserve", "media", "claimcheck");
    allow("testkit", "schemas", "broker", "kafka", "media");
    allow("producers", "schemas", "media", "claimcheck", "kafka");
    allow("labeler", "schemas", "kserve", "media", "claimcheck", "kafka");
    allow("filter", "schemas", "asrmetrics", "kafka");
    allow("trainer", "schemas", "kserve", "media", "asrmetrics", "claimcheck", "kafka");
    allow("monitor", "schemas", "kafka");
    allow(
        "lab",
        "schemas",
        "asrmetrics",
        "media",
        "claimcheck",
        "kserve",
        "kafka",
        "broker",
        "models",
        "modelserver",
        "producers",
        "labeler",
        "filter",
        "trainer",
        "monitor");
    List<String> lab = new ArrayList<>(ALLOWED.get("lab"));
    lab.add("lab");
    allow("bench", lab.toArray(String[]::new));
  }

  private static JavaClasses product;

  private static void allow(String layer, String... others) {
    ALLOWED.put(layer, Set.of(others));
  }

  /** The main classes of every module: from their jars in a reactor build, folders otherwise. */
  @BeforeAll
  static void importProduct() {
    product =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.distillery");
  }

  static List<String> layers() {
    return List.copyOf(ALLOWED.keySet());
  }

  @ParameterizedTest(name = "{0} uses only what its layer allows")
  @MethodSource("layers")
  void shouldDependOnlyOnItsOwnLayerAndTheOnesBelow(String layer) {
    List<String> forbidden = new ArrayList<>();
    for (String other :
        List.of(
            "schemas",
            "asrmetrics",
            "media",
            "claimcheck",
            "kserve",
            "kafka",
            "broker",
            "models",
            "modelserver",
            "testkit",
            "producers",
            "labeler",
            "filter",
            "trainer",
            "monitor",
            "lab",
            "bench",
            "cli")) {
      if (!other.equals(layer) && !ALLOWED.get(layer).contains(other)) {
        forbidden.add("io.distillery." + other + "..");
      }
    }
    noClasses()
        .that()
        .resideInAPackage("io.distillery." + layer + "..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden.toArray(String[]::new))
        .because("the " + layer + " layer may use only " + ALLOWED.get(layer))
        .check(product);
    assertThat(
            product.stream().filter(c -> c.getPackageName().startsWith("io.distillery." + layer)))
        .as("classes of the %s layer on the class path", layer)
        .isNotEmpty();
  }
}
