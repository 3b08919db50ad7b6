package org.accord.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.accord.ledger.Checkpoint;
import org.accord.ledger.Ed25519;
import org.accord.ledger.Entry;
import org.accord.ledger.HeadAnchor;
import org.accord.ledger.LedgerVerifier;
import org.accord.ledger.Reconciliation;
import org.accord.ledger.Verification;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.NodeKeys;
import org.accord.node.PeerLedger;
import org.accord.rules.Party;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

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
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a ledger command is required");
  }

  /** {@code <data_dir>/ledger.jsonl}. */
  static Path defaultLedger(NodeConfig config) {
    return Node.ledgerFile(config);
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

  /**
   * {@code ledger verify [FILE]}: every entry's form, hash and signature, the sequence and the chain; and, when the
   * file has a head anchor beside it ({@code <file>.head}), that the file reaches the anchored head with its hash.
   */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verify a ledger file: prints OK with the count and head hash, or the first bad entry.",
        "A ledger shorter than its head anchor (<file>.head), or different at the anchored seq, is BROKEN."
      })
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
      // The node's own ledger is also held against its head anchors (issue 8, finding 7c): a ledger cut at a line
      // boundary, emptied, or deleted with its head file verifies on its own, not against the heads kept apart from
      // it, beside the file and in the node's database.
      List<Checkpoint> anchored = new ArrayList<>();
      Path anchorFile = HeadAnchor.besideFile(target);
      if (Files.exists(anchorFile)) {
        HeadAnchor.file(anchorFile).read().ifPresent(anchored::add);
      }
      if (file == null && key == null) {
        Node.databaseLedgerHead(config).ifPresent(anchored::add);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (!Files.exists(target)) {
        if (anchored.isEmpty()) {
          throw new NoSuchFileException(target.toString(), null, "no ledger here");
        }
        long seq = anchored.stream().mapToLong(Checkpoint::seq).max().orElseThrow();
        out.println("BROKEN " + target + ": the ledger is missing, but its head anchor commits to seq " + seq);
        out.flush();
        return Main.INVALID_INPUT;
      }
      Verification v = LedgerVerifier.verify(target, owner);
      for (Checkpoint head : anchored) {
        if (!v.ok()) {
          break;
        }
        v = LedgerVerifier.verify(target, owner, Optional.of(head));
      }
      out.println((v.ok() ? "OK " : "BROKEN ") + target + ": " + v.message());
      out.flush();
      return v.ok() ? Main.OK : Main.INVALID_INPUT;
    }
  }

  /**
   * {@code ledger reconcile PARTY}: pairs each SENT with the other side's RECEIVED ({@link Reconciliation}). By
   * default this node's ledger file is compared with what the peer's node returns for this party (its ledger
   * endpoint, with the peer's configured credentials), checked with the party's key from the active rulebook;
   * {@code --theirs} and {@code --their-key} compare with an export file instead. Every entry's hash and signature is
   * checked with its author's key before any comparison, so a forged or edited line is refused.
   */
  @Command(
      name = "reconcile",
      mixinStandardHelpOptions = true,
      description = {
        "Compare this node's record of the transfers with PARTY's, and print each difference.",
        "PARTY's record is fetched from PARTY's node (a configured peer), or read from an export file."
      })
  static final class Reconcile implements Callable<Integer> {
    @Parameters(paramLabel = "PARTY", description = "The other party's id.")
    String party;

    @Option(names = "--mine", paramLabel = "FILE", description = "This node's ledger or export (default: its ledger).")
    Path mine;

    @Option(
        names = "--theirs",
        paramLabel = "FILE",
        description = "PARTY's export (default: fetched from PARTY's node, a configured peer).")
    Path theirs;

    @Option(
        names = "--their-key",
        paramLabel = "ed25519:...",
        description = "PARTY's public key (default: its key in the active rulebook).")
    String theirKey;

    @Mixin ConfigOption configOption;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      NodeConfig config = configOption.load();
      PublicKey myKey = key(null, config, spec.commandLine());
      Optional<Party> inRulebook =
          Node.rulebookHistory(config, Clock.systemUTC()).active()
              .map(a -> a.rulebook().parties().get(party));
      PublicKey otherKey = theirKey != null ? key(theirKey, config, spec.commandLine()) : inRulebook
          .map(Party::publicKey)
          .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
              "'" + party + "' is not a party of the active rulebook: give --their-key"));
      PrintWriter out = spec.commandLine().getOut();
      Reconciliation r;
      try {
        List<Entry> my = mine != null ? read(mine, myKey) : readLive(defaultLedger(config), myKey);
        List<Entry> their = theirs != null ? read(theirs, otherKey) : fetch(config, inRulebook);
        r = Reconciliation.between(my, their, config.party(), party);
      } catch (IllegalArgumentException e) {
        out.println("BROKEN " + e.getMessage());
        out.flush();
        return Main.INVALID_INPUT;
      }
      r.differences().forEach(d -> out.println(d.problem() + " " + d.message()));
      r.repeated().forEach(e -> out.println("REPEATED " + e.kind() + " seq " + e.seq() + " of " + e.party()
          + ": cut off, then sent again; every object arrived"));
      out.println(
          r.agrees()
              ? "OK " + config.party() + " and " + party + " agree"
              : "DISAGREE " + r.differences().size() + " difference(s) between " + config.party() + " and " + party);
      out.flush();
      return r.agrees() ? Main.OK : Main.INVALID_INPUT;
    }

    private List<Entry> fetch(NodeConfig config, Optional<Party> inRulebook) throws IOException {
      NodeConfig.PeerConfig peer =
          config.peer(party).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
              "'" + party + "' is not a configured peer (peers: in accord.yaml): give --theirs FILE"));
      Party p = inRulebook.orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
          "'" + party + "' is not a party of the active rulebook"));
      try {
        return new PeerLedger(peer, p).entries();
      } catch (IOException e) {
        if (e.getMessage() != null && e.getMessage().contains("does not verify")) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
        throw e;
      }
    }

    private static List<Entry> read(Path file, PublicKey key) throws IOException {
      try (InputStream in = Files.newInputStream(file)) {
        return LedgerVerifier.readExport(in, key);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    }

    /**
     * This node's own ledger, which the running node may be appending to: read up to its last complete line (an
     * append in progress is not yet an entry).
     */
    private static List<Entry> readLive(Path file, PublicKey key) throws IOException {
      if (!Files.exists(file)) {
        throw new NoSuchFileException(file.toString(), null, "no ledger here");
      }
      byte[] bytes = Files.readAllBytes(file);
      int end = bytes.length;
      while (end > 0 && bytes[end - 1] != '\n') {
        end--;
      }
      try (InputStream in = new java.io.ByteArrayInputStream(bytes, 0, end)) {
        return LedgerVerifier.readExport(in, key);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
    }
  }
}
