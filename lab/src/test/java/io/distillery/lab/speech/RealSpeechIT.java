package io.distillery.lab.speech;

import static org.assertj.core.api.Assertions.assertThat;

import io.distillery.kserve.client.ServerAddress;
import io.distillery.lab.Home;
import io.distillery.models.DemoModel;
import io.distillery.models.DemoRepository;
import io.distillery.models.ModelDefinitions;
import io.distillery.modelserver.InferenceServer;
import io.distillery.modelserver.ServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real recordings Debian's pocketsphinx-testdata installs, read with their transcripts and
 * transcribed by the demo's pocketsphinx teacher on a development server and by a speech student.
 */
@Tag("integration")
@Timeout(300)
class RealSpeechIT {

  @TempDir Path work;

  @Test
  void shouldReadTheInstalledRecordingsWithTheirTranscripts() throws Exception {
    List<RealSpeech.Recording> recordings = RealSpeech.installed(RealSpeech.TEST_DATA);

    assertThat(recordings)
        .as("the five LibriVox and five card recordings (infra/scripts/install-prerequisites.sh)")
        .hasSize(10);
    assertThat(recordings)
        .extracting(RealSpeech.Recording::transcript)
        .contains("he was not an ill disposed young man", "ten of clubs")
        .allSatisfy(t -> assertThat(t).doesNotContain("<s>", "</s>", "  ").isNotBlank());
  }

  @Test
  void shouldParseSphinxTranscriptionsAndSkipRecordingsThatAreMissing() throws Exception {
    Files.write(work.resolve("a.wav"), new byte[] {1});
    Files.writeString(
        work.resolve("t"),
        "<s> go  forward </s> (a)\n<s> missing file </s> (b)\nnot a transcription line\n");

    assertThat(RealSpeech.read(work, "t"))
        .containsExactly(new RealSpeech.Recording("a", work.resolve("a.wav"), "go forward"));
    assertThat(RealSpeech.read(work, "absent")).isEmpty();
  }

  @Test
  void shouldScoreTheServedTeacherAndAStudentOnTheSameRecordings() throws Exception {
    List<RealSpeech.Recording> recordings = RealSpeech.installed(RealSpeech.TEST_DATA);
    Path repository = work.resolve("repository");
    DemoRepository.write(repository);
    RealSpeech.Result teacher;
    try (InferenceServer server =
        InferenceServer.start(
            new ServerConfig(
                repository,
                "127.0.0.1",
                0,
                ServerConfig.DEFAULT_MAX_MESSAGE_BYTES,
                List.of(DemoRepository.ASR_TEACHER)))) {
      teacher =
          RealSpeech.teacher(
              new ServerAddress("127.0.0.1", server.port()),
              DemoRepository.ASR_TEACHER,
              recordings);
    }
    RealSpeech.Result student =
        RealSpeech.student(
            "untrained",
            ModelDefinitions.inCache(Home.state("models")).ensure(DemoModel.SPEECH_STUDENT),
            recordings);

    assertThat(teacher.recordings()).isEqualTo(10);
    assertThat(teacher.audioSeconds()).as("about 38 s of speech").isBetween(30.0, 45.0);
    assertThat(teacher.counts().referenceWords()).isGreaterThan(60);
    assertThat(teacher.wordErrorRate())
        .as("pocketsphinx recognises most words of real read speech")
        .isLessThan(0.6);
    assertThat(student.counts().referenceWords()).isEqualTo(teacher.counts().referenceWords());
    assertThat(student.wordErrorRate())
        .as("an untrained student transcribes nothing right")
        .isGreaterThanOrEqualTo(0.95);
    assertThat(teacher.realTimeFactor()).isPositive();
    assertThat(student.realTimeFactor()).isPositive();
  }
}
