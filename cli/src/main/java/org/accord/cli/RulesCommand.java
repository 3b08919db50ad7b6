package org.accord.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.NodeKeys;
import org.accord.rules.Rulebook;
import org.accord.rules.RulebookDiff;
import org.accord.rules.RulebookHistory;
import org.accord.rules.RulebookSigner;
import org.accord.rules.SignatureProblem;
import org.accord.rules.SignedRulebook;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code accord rules}: the rulebook's life cycle on one node. A party signs a version ({@code sign}), the parties'
 * signatures are collected in one signature file ({@code FILE.sig}, one line per party), anyone checks it ({@code
 * verify}), each node activates it ({@code activate}, which refuses a replayed, forked or not fully signed version and
 * records the activation in the node's ledger), and {@code dry-run} shows beforehand what a new version would change.
 * The checks themselves live in the {@code rules} module ({@link RulebookSigner}, {@link RulebookHistory}); these
 * commands only read files and print. Refusals exit with {@link Main#INVALID_INPUT} through {@link Failures}.
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Verify, sign, show, compare, activate and dry-run rulebook versions.",
    subcommands = {
      RulesCommand.Verify.class,
      RulesCommand.Sign.class,
      RulesCommand.Show.class,
      RulesCommand.Diff.class,
      RulesCommand.Activate.class,
      RulesDryRunCommand.class
    })
final class RulesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a rules command is required");
  }

  /** {@code rules verify FILE}: every party has signed and every signature verifies with the keys the file lists. */
  @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check that every party signed FILE.")
  static final class Verify implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The rulebook (YAML).")
    Path file;

    @Option(names = "--signatures", paramLabel = "FILE.sig", description = "Signature file (default: FILE.sig).")
    Path signatures;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      SignedRulebook signed = RulebookFiles.load(file, signatures);
      RulebookSigner.Verification v = RulebookSigner.verify(signed);
      PrintWriter out = spec.commandLine().getOut();
      for (SignatureProblem p : v.problems()) {
        out.println(p.message());
      }
      out.println(
          v.isValid()
              ? "OK " + v.message()
              : "NOT VALID " + signed.describe() + ": " + v.problems().size() + " problem(s)");
      out.flush();
      return v.isValid() ? Main.OK : Main.INVALID_INPUT;
    }
  }

  /** {@code rules sign FILE}: adds this node's signature, as its party, to the signature file. */
  @Command(
      name = "sign",
      mixinStandardHelpOptions = true,
      description = "Sign FILE with this node's key as its party; write or merge the signature file.")
  static final class Sign implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The rulebook (YAML).")
    Path file;

    @Option(
        names = "--signatures",
        paramLabel = "FILE.sig",
        description = "Signature file to merge into and write (default: FILE.sig).")
    Path signatures;

    @Mixin ConfigOption configOption;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      NodeConfig config = configOption.load();
      KeyPair keys = NodeKeys.loadOrCreate(config.dataDir());
      Path sig = RulebookFiles.signaturePath(file, signatures);
      // A named signature file that does not exist yet is created: signing starts the collection.
      SignedRulebook signed =
          Files.exists(sig) ? RulebookFiles.load(file, sig) : SignedRulebook.unsigned(RulebookFiles.parse(file));
      signed = RulebookSigner.sign(signed, config.party(), keys.getPrivate());
      Files.writeString(sig, signed.signatureFile(), StandardCharsets.UTF_8);
      TreeSet<String> missing = new TreeSet<>(signed.rulebook().parties().keySet());
      missing.removeAll(signed.signatures().keySet());
      PrintWriter out = spec.commandLine().getOut();
      out.println("signed " + signed.describe() + " as " + config.party() + " into " + sig);
      out.println(
          "signatures: " + String.join(", ", signed.signatures().keySet())
              + (missing.isEmpty() ? " (every party)" : "; missing: " + String.join(", ", missing)));
      out.flush();
      return Main.OK;
    }
  }

  /** {@code rules show [VERSION]}: a stored version's canonical text (exactly the signed bytes) and signatures. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Print the active (or a stored) rulebook version: canonical text and signatures.")
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "VERSION", arity = "0..1", description = "A stored version (default: the active one).")
    Integer version;

    @Mixin ConfigOption configOption;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      RulebookHistory history = Node.rulebookHistory(configOption.load(), Clock.systemUTC());
      Optional<SignedRulebook> active = history.active();
      Optional<SignedRulebook> shown = version == null ? active : history.version(version);
      if (shown.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println("accord: " + (version == null ? "no active rulebook" : "no stored version " + version));
        return Main.INVALID_INPUT;
      }
      SignedRulebook s = shown.get();
      boolean isActive =
          active.isPresent() && active.get().rulebook().version() == s.rulebook().version();
      PrintWriter out = spec.commandLine().getOut();
      out.println(s.describe() + (isActive ? " (active)" : " (not active)"));
      out.println(s.rulebook().canonicalJson());
      out.println("hash matching: " + s.rulebook().hashes().describe());
      out.println("signatures:");
      s.signatures().forEach((party, sig) -> out.println("  " + party + " " + sig));
      out.println(RulebookSigner.verify(s).message());
      out.flush();
      return Main.OK;
    }
  }

  /**
   * {@code rules diff OLD NEW [--party P] [--group G]}: what changed, by party, agreement and clause id ({@link
   * RulebookDiff}); with {@code --party} or {@code --group} (repeatable), only what concerns those parties or the
   * members of those groups (in either version), starting with what each member resolves to.
   */
  @Command(name = "diff", mixinStandardHelpOptions = true, description = "Print the changes from OLD to NEW.")
  static final class Diff implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OLD", description = "The older rulebook file.")
    Path older;

    @Parameters(index = "1", paramLabel = "NEW", description = "The newer rulebook file.")
    Path newer;

    @Mixin MemberOptions only;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Rulebook a = RulebookFiles.parse(older);
      Rulebook b = RulebookFiles.parse(newer);
      List<String> lines;
      if (only.all()) {
        lines = RulebookDiff.between(a, b);
      } else {
        lines = RulebookDiff.between(a, b, only.members(spec, a, b));
      }
      PrintWriter out = spec.commandLine().getOut();
      lines.forEach(out::println);
      out.flush();
      spec.commandLine().getErr().println(lines.size() + " difference(s)");
      return Main.OK;
    }
  }

  /**
   * {@code rules activate FILE}: makes FILE the version in effect on this node, or says why not; then records the
   * activation in the node's ledger (the history's pointer is not signed; the ledger entry is, see {@link
   * RulebookHistory}).
   */
  @Command(
      name = "activate",
      mixinStandardHelpOptions = true,
      description = "Activate FILE on this node (refused, with the reason, unless it may supersede the active one).")
  static final class Activate implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The rulebook (YAML).")
    Path file;

    @Option(names = "--signatures", paramLabel = "FILE.sig", description = "Signature file (default: FILE.sig).")
    Path signatures;

    @Mixin ConfigOption configOption;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      NodeConfig config = configOption.load();
      SignedRulebook candidate = RulebookFiles.load(file, signatures);
      PrintWriter out = spec.commandLine().getOut();
      try {
        SignedRulebook active = Node.activate(config, candidate);
        out.println("activated " + active.describe());
      } catch (Node.NodeRunningException running) {
        // The node holds the ledger: it activates the version itself, records it and applies it at once.
        Path sig = RulebookFiles.signaturePath(file, signatures);
        String answer =
            Node.activateInRunningNode(
                config,
                Files.readString(file, StandardCharsets.UTF_8),
                Files.exists(sig) ? Files.readString(sig, StandardCharsets.UTF_8) : "");
        if (answer.startsWith("REFUSED ")) {
          throw new org.accord.rules.RulebookException("the running node refused it: " + answer.substring(8));
        }
        if (!answer.startsWith("OK ")) {
          throw new IOException("the running node could not activate it: " + answer.replaceFirst("^FAILED ", ""));
        }
        out.println("activated " + answer.substring(3) + " in the running node");
      }
      out.flush();
      return Main.OK;
    }
  }
}
