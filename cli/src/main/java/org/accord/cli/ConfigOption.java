package org.accord.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.accord.node.NodeConfig;
import org.accord.node.NodeConfigReader;
import picocli.CommandLine.Option;

/** The {@code --config} and {@code --data-dir} options shared by the commands that open a node's store. */
final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Node configuration (default: ./accord.yaml when it exists, else every setting's default).")
  Path config;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Directory of the embedded database and the node's secrets (overrides data_dir).")
  Path dataDir;

  NodeConfig load() {
    Path file = config;
    if (file == null && Files.exists(Path.of("accord.yaml"))) {
      file = Path.of("accord.yaml");
    }
    NodeConfig c = file == null ? NodeConfig.defaults() : NodeConfigReader.read(file);
    return dataDir == null ? c : c.withDataDir(dataDir);
  }
}
