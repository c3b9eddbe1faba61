package io.distillery.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.schemas.avro.DeadLetter;
import io.distillery.schemas.avro.LabeledRecord;
import io.distillery.schemas.avro.RawRecord;
import io.distillery.schemas.avro.ScoredRecord;
import io.distillery.schemas.avro.StudentVersion;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every schema version the build ships is BACKWARD compatible with the one before it (a reader of
 * the newer version reads what the older wrote), as a schema registry set to BACKWARD would demand,
 * and the current reader reads every older version: a change that breaks old records fails here.
 */
class SchemaEvolutionTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      classes = {
        RawRecord.class,
        LabeledRecord.class,
        ScoredRecord.class,
        StudentVersion.class,
        DeadLetter.class
      })
  void shouldReadEveryOlderVersionWithEachNewerOne(Class<?> type) throws Exception {
    List<Schema> versions = new ArrayList<>(SchemaCatalog.historicSchemas(type));
    versions.add((Schema) type.getField("SCHEMA$").get(null));

    for (int newer = 1; newer < versions.size(); newer++) {
      for (int older = 0; older < newer; older++) {
        var result =
            SchemaCompatibility.checkReaderWriterCompatibility(
                versions.get(newer), versions.get(older));
        assertThat(result.getType())
            .as(
                "%s version %d reads version %d: %s",
                type.getSimpleName(), newer + 1, older + 1, result.getDescription())
            .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      }
    }
  }
}
