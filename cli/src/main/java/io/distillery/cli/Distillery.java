package io.distillery.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code distillery} command: every stage, tool and the demo as a subcommand. */
@Command(
    name = "distillery",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "A streaming pseudo-label pipeline: ingest, label, filter, distil, monitor.",
    subcommands = {
      CommandLine.HelpCommand.class,
      io.distillery.cli.demo.DemoCommand.class,
      io.distillery.cli.demo.ExperimentCommand.class,
      io.distillery.cli.demo.DriftCommand.class,
      io.distillery.cli.chaos.ChaosCommand.class,
      io.distillery.cli.bench.BenchCommand.class,
      io.distillery.cli.trainer.TrainTeacherCommand.class,
      io.distillery.cli.trainer.EvalTeacherCommand.class,
      io.distillery.cli.trainer.TrainCommand.class,
      io.distillery.cli.trainer.StudentCommand.class,
      io.distillery.cli.trainer.DistilCheckCommand.class,
      io.distillery.cli.trainer.ExportCommand.class,
      io.distillery.cli.kafka.KafkaCommand.class,
      io.distillery.cli.kafka.TopicsCommand.class,
      io.distillery.cli.kafka.AclsCommand.class,
      io.distillery.cli.monitor.MonitorCommand.class,
      io.distillery.cli.ingest.IngestCommand.class,
      io.distillery.cli.ingest.ClaimChecksCommand.class,
      io.distillery.cli.filter.WerCommand.class,
      io.distillery.cli.serving.ServeModelsCommand.class,
      io.distillery.cli.serving.ModelsCommand.class,
      io.distillery.cli.filter.FilterCommand.class,
      io.distillery.cli.labeler.LabelCommand.class,
    })
public final class Distillery implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    Logs.toConsole();
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, for tests that run subcommands in-process. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Distillery());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setParameterExceptionHandler(new SecretMasking());
    return cli;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
