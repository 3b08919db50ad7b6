package org.accord.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.Callable;
import org.accord.ledger.Ed25519;
import org.accord.ledger.Entry;
import org.accord.ledger.LedgerVerifier;
import org.accord.ledger.Reconciliation;
import org.accord.ledger.Verification;
import org.accord.node.NodeConfig;
import org.accord.node.NodeKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code accord ledger}: checks a ledger with nothing but its owner's public key ({@code verify}), and compares this
 * node's record of the transfers with another party's export ({@code reconcile}). Both only read files, so they work
 * while the node runs; both exit {@link Main#INVALID_INPUT} when the ledgers are broken or disagree.
 */
@Command(
    name = "ledger",
    mixinStandardHelpOptions = true,
    description = "Verify a ledger, or reconcile this node's ledger with another party's.",
    subcommands = {LedgerCommand.Verify.class, LedgerCommand.Reconcile.class})
final class LedgerCommand implements Runnable {
  static final String FILE_NAME = "ledger.jsonl";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a ledger command is required");
  }

  /** {@code <data_dir>/ledger.jsonl}. */
  static Path defaultLedger(NodeConfig config) {
    return config.dataDir().resolve(FILE_NAME);
  }

  /** {@code --key}, or this node's own public key. */
  static PublicKey key(String text, NodeConfig config, CommandLine commandLine) {
    if (text == null) {
      return NodeKeys.loadOrCreate(config.dataDir()).getPublic();
    }
    try {
      return Ed25519.decodePublic(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(commandLine, "--key: " + e.getMessage());
    }
  }

  /** {@code ledger verify [FILE]}: every entry's form, hash and signature, the sequence and the chain. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Verify a ledger file: prints OK with the count and head hash, or the first bad entry.")
  static final class Verify implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "0..1", description = "Ledger file (default: <data_dir>/ledger.jsonl).")
    Path file;

    @Option(
        names = "--key",
        paramLabel = "ed25519:...",
        description = "The owner's public key (default: this node's), for another party's exported ledger.")
    String key;

    @Mixin ConfigOption configOption;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      NodeConfig config = configOption.load();
      PublicKey owner = key(key, config, spec.commandLine());
      Path target = file != null ? file : defaultLedger(config);
      if (!Files.exists(target)) {
        throw new NoSuchFileException(target.toString(), null, "no ledger here");
      }
      Verification v = LedgerVerifier.verify(target, owner);
      PrintWriter out = spec.commandLine().getOut();
      out.println((v.ok() ? "OK " : "BROKEN ") + target + ": " + v.message());
      out.flush();
      return v.ok() ? Main.OK : Main.INVALID_INPUT;
    }
  }

  /**
   * {@code ledger reconcile}: pairs each SENT with the other side's RECEIVED ({@link Reconciliation}). Both files are
   * read as exports: every entry's hash and signature is checked with its author's key (this node's for {@code
   * --mine}), so a forged or edited line is refused before any comparison.
   */
  @Command(
      name = "reconcile",
      mixinStandardHelpOptions = true,
      description = "Compare this node's ledger with another party's export; print each difference.")
  static final class Reconcile implements Callable<Integer> {
    @Option(names = "--mine", required = true, paramLabel = "FILE", description = "This node's ledger or export.")
    Path mine;

    @Option(names = "--theirs", required = true, paramLabel = "FILE", description = "The other party's export.")
    Path theirs;

    @Option(names = "--their-key", required = true, paramLabel = "ed25519:...", description = "Their public key.")
    String theirKey;

    @Option(names = "--party", required = true, paramLabel = "PARTY", description = "Their party id.")
    String party;

    @Mixin ConfigOption configOption;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      NodeConfig config = configOption.load();
      PublicKey myKey = key(null, config, spec.commandLine());
      PublicKey otherKey;
      try {
        otherKey = Ed25519.decodePublic(theirKey);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--their-key: " + e.getMessage());
      }
      PrintWriter out = spec.commandLine().getOut();
      Reconciliation r;
      try {
        List<Entry> my = read(mine, myKey);
        List<Entry> their = read(theirs, otherKey);
        r = Reconciliation.between(my, their, config.party(), party);
      } catch (IllegalArgumentException e) {
        out.println("BROKEN " + e.getMessage());
        out.flush();
        return Main.INVALID_INPUT;
      }
      r.differences().forEach(d -> out.println(d.problem() + " " + d.message()));
      out.println(
          r.agrees()
              ? "OK " + config.party() + " and " + party + " agree"
              : "DISAGREE " + r.differences().size() + " difference(s) between " + config.party() + " and " + party);
      out.flush();
      return r.agrees() ? Main.OK : Main.INVALID_INPUT;
    }

    private static List<Entry> read(Path file, PublicKey key) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        return LedgerVerifier.readExport(in, key);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    }
  }
}
