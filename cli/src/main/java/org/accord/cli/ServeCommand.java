package org.accord.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.RunningNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code accord serve}: runs a node until it is stopped (Ctrl-C or SIGTERM stop it cleanly). */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run a node: TAXII 2.1 over HTTP(S), configured by accord.yaml (every setting has a default).")
final class ServeCommand implements Callable<Integer> {
  @Mixin ConfigOption configOption;

  @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Listen on this port (overrides port).")
  Integer port;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    NodeConfig config = configOption.load();
    if (port != null) {
      config = config.withPort(port);
    }
    RunningNode node = Node.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  node.close();
                  stopped.countDown();
                },
                "accord-shutdown"));
    spec.commandLine().getErr().println("accord: node '" + config.name() + "' serving " + node.baseUrl() + "/taxii2/");
    spec.commandLine().getErr().flush();
    stopped.await();
    return Main.OK;
  }
}
