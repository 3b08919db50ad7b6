package org.accord.cli;

import java.io.PrintWriter;
import java.security.KeyPair;
import java.util.concurrent.Callable;
import org.accord.node.NodeConfig;
import org.accord.node.NodeKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code accord keys}: prints this node's party and Ed25519 public key, creating the key pair on first use, in the
 * form a party pastes under its entry in a rulebook's {@code parties:}. The private key never leaves {@code node.key}.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Print this node's party and public key (creating the key pair if needed), for the rulebook.")
final class KeysCommand implements Callable<Integer> {
  @Mixin ConfigOption configOption;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    NodeConfig config = configOption.load();
    KeyPair keys = NodeKeys.loadOrCreate(config.dataDir());
    PrintWriter out = spec.commandLine().getOut();
    out.println("party: " + config.party());
    out.println("key: " + NodeKeys.publicKeyText(keys));
    out.flush();
    return Main.OK;
  }
}
