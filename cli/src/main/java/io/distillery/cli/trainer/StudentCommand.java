package io.distillery.cli.trainer;

import io.distillery.cli.KafkaOptions;
import io.distillery.cli.S3Options;
import io.distillery.cli.TaskOptions;
import io.distillery.cli.TlsClientOptions;
import io.distillery.kserve.repository.ModelRepository;
import io.distillery.lab.Home;
import io.distillery.trainer.consumer.StudentVersionAnnouncer;
import io.distillery.trainer.publish.GrpcModelServer;
import io.distillery.trainer.publish.StudentSignature;
import io.distillery.trainer.publish.StudentVersions;
import io.distillery.trainer.publish.VersionInfo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code distillery student list|rollback}: the published versions of a task's student. */
@Command(
    name = "student",
    mixinStandardHelpOptions = true,
    description = "Lists or rolls back the student versions in the model repository.",
    subcommands = {StudentCommand.ListVersions.class, StudentCommand.Rollback.class})
public final class StudentCommand {

  /** Options both subcommands share. */
  static class Target {
    @Mixin TaskOptions taskOptions;

    @Option(
        names = "--repository",
        description = "Model repository (default .distillery/model-repository).")
    Path repository;

    @Option(names = "--model-name", description = "Student name (default <task>-student).")
    String modelName;

    @Option(
        names = "--remote-repository",
        paramLabel = "s3://BUCKET/PREFIX",
        description =
            "The S3 model repository the servers read (as train --remote-repository): versions"
                + " are read from it, and a rollback is written to it before servers load it.")
    String remoteRepository;

    @Mixin S3Options s3;

    private io.distillery.claimcheck.s3.S3Folder remote;

    ModelRepository repository() {
      return new ModelRepository(repository != null ? repository : Home.repository());
    }

    StudentVersions versions() {
      String task = taskOptions.task();
      String name = modelName != null ? modelName : task + "-student";
      if (remoteRepository != null && remote == null) {
        remote = new io.distillery.claimcheck.s3.S3Folder(s3.bucket(remoteRepository));
      }
      return new StudentVersions(
          repository(),
          StudentSignature.of(taskOptions.kind(), name),
          task,
          java.util.Optional.ofNullable(remote));
    }

    /** Releases the S3 client, if one was opened. */
    void close() {
      if (remote != null) {
        remote.close();
      }
    }
  }

  /** Prints every version with its metrics. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Lists the student's versions.")
  static final class ListVersions implements Callable<Integer> {
    @Mixin Target target;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      List<VersionInfo> versions;
      try {
        versions = target.versions().list();
      } finally {
        target.close();
      }
      if (versions.isEmpty()) {
        out.println("no versions");
      }
      for (VersionInfo v : versions) {
        out.printf(
            Locale.ROOT,
            "version %d  %-11s parent %d  step %d  samples %d  %s%n",
            v.version(),
            v.status(),
            v.parentVersion(),
            v.step(),
            v.samplesSeen(),
            v.metrics());
      }
      return 0;
    }
  }

  /** Publishes a copy of an older version as the newest, and announces it. */
  @Command(
      name = "rollback",
      mixinStandardHelpOptions = true,
      description =
          "Publishes a copy of version --to (default: the one before the latest) as the next version,"
              + " loads it on each --model-server, so servers following the latest version switch"
              + " back, and announces it on <task>.student-versions.")
  static final class Rollback implements Callable<Integer> {
    @Mixin Target target;
    @Mixin KafkaOptions kafka;
    @Mixin ModelServerOptions modelServers;
    @Mixin TlsClientOptions tls;
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--to", description = "Version to return to.")
    Long to;

    @Option(names = "--no-announce", description = "Do not write the StudentVersion record.")
    boolean noAnnounce;

    @Override
    public Integer call() throws Exception {
      StudentVersions versions = target.versions();
      long version;
      VersionInfo rolled;
      try {
        List<VersionInfo> all = versions.list();
        if (to == null && all.size() < 2) {
          spec.commandLine().getErr().println("Nothing to roll back to: fewer than two versions");
          return 2;
        }
        version = to != null ? to : all.get(all.size() - 2).version();
        rolled = versions.rollback(version);
      } finally {
        target.close();
      }
      for (GrpcModelServer server : modelServers.open(tls.settings(), target.repository())) {
        try (server) {
          server.loadAndWarmUp(versions.signature(), rolled.version());
        }
      }
      if (!noAnnounce) {
        try (StudentVersionAnnouncer announcer =
            new StudentVersionAnnouncer(kafka.bootstrapServers(), kafka.clientOverrides())) {
          announcer.accept(rolled);
        }
      }
      spec.commandLine()
          .getOut()
          .printf(
              Locale.ROOT,
              "version %d is a copy of version %d (ROLLED_BACK)%n",
              rolled.version(),
              version);
      return 0;
    }
  }
}
