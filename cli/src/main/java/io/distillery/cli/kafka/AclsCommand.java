package io.distillery.cli.kafka;

import io.distillery.cli.KafkaOptions;
import io.distillery.kafka.acl.StageAcls;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AclBinding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code distillery acls}: the least-privilege ACLs of a stage, printed or applied. */
@Command(
    name = "acls",
    mixinStandardHelpOptions = true,
    description = {
      "The ACLs one stage needs on a task (its topics, consumer group and transactional-id"
          + " prefix, nothing else): printed as kafka-acls.sh command lines, or created through"
          + " the Admin API with --apply (the client settings must then be an administrator's)."
    })
public final class AclsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka;

  @Option(
      names = "--stage",
      required = true,
      description = "producer, labeler, filter, trainer or monitor.")
  String stage;

  @Option(
      names = "--principal",
      required = true,
      description = "The stage's principal, e.g. User:labeler.")
  String principal;

  @Option(names = "--task", required = true, description = "Task name.")
  String task;

  @Option(names = "--apply", description = "Create the ACLs instead of printing them.")
  boolean apply;

  @Option(
      names = "--command-config",
      paramLabel = "FILE",
      description = "The admin client file the printed kafka-acls.sh lines name.")
  String commandConfig;

  @Override
  public Integer call() throws Exception {
    if (!principal.contains(":")) {
      throw new IllegalArgumentException("A principal is TYPE:NAME, e.g. User:" + principal);
    }
    List<AclBinding> acls = StageAcls.of(StageAcls.Stage.parse(stage), principal, task);
    PrintWriter out = spec.commandLine().getOut();
    if (!apply) {
      for (AclBinding acl : acls) {
        out.println(StageAcls.commandLine(acl, kafka.bootstrapServers(), commandConfig));
      }
      out.flush();
      return 0;
    }
    Map<String, Object> config = new HashMap<>(kafka.clientOverrides());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin admin = Admin.create(config)) {
      admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
    }
    for (AclBinding acl : acls) {
      out.println("allowed " + principal + ": " + StageAcls.describe(acl));
    }
    out.flush();
    return 0;
  }
}
