package org.accord.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.accord.cases.evidence.EvidenceException;
import org.accord.cases.evidence.PackageVerifier;
import org.accord.cases.evidence.VerifyReport;
import org.accord.ledger.Ed25519;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code accord cases evidence}: evidence packages. {@code verify} checks an exported package (a directory or a zip
 * file) with nothing but the package and, optionally, pinned keys, so it runs anywhere — on the requesting party's
 * side, at a court, without a node. Like {@code ledger verify}: the report on standard output, exit {@link
 * Main#INVALID_INPUT} with a one-line message on standard error when the package is not intact.
 */
@Command(
    name = "evidence",
    mixinStandardHelpOptions = true,
    description = "Evidence packages attached to answers.",
    subcommands = {CasesEvidenceCommand.Verify.class})
final class CasesEvidenceCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "an evidence command is required");
  }

  /** {@code cases evidence verify PACKAGE [--key PARTY=KEY]... [--require-pinned]}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verify an evidence package: every file's size and SHA-256, and the signed custody chain.",
        "Prints OK or BROKEN, then each problem (missing or altered file, broken custody entry), then what held.",
        "Signatures are checked with the keys given by --key, else with those the manifest names (a warning)."
      })
  static final class Verify implements Callable<Integer> {
    @Parameters(paramLabel = "PACKAGE", description = "The exported package: a directory or a .zip file.")
    Path pkg;

    @Option(
        names = "--key",
        paramLabel = "PARTY=ed25519:...",
        description = "Pin a signer's public key (repeatable); a manifest naming another key for PARTY is refused.")
    Map<String, String> keys = new LinkedHashMap<>();

    @Option(
        names = "--require-pinned",
        description = "Refuse a package signed by a party whose key is not given by --key.")
    boolean requirePinned;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      Map<String, PublicKey> pinned = new LinkedHashMap<>();
      for (var k : keys.entrySet()) {
        try {
          pinned.put(k.getKey(), Ed25519.decodePublic(k.getValue()));
        } catch (IllegalArgumentException e) {
          throw new CommandLine.ParameterException(spec.commandLine(), "--key " + k.getKey() + ": " + e.getMessage());
        }
      }
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      VerifyReport report;
      try {
        report = PackageVerifier.verify(pkg, pinned, requirePinned);
      } catch (EvidenceException e) {
        err.println("accord: evidence: " + e.getMessage());
        err.flush();
        return Main.INVALID_INPUT;
      }
      report.lines().forEach(out::println);
      out.flush();
      if (!report.intact()) {
        err.println("accord: evidence package " + pkg + " is not intact: " + report.problems().size()
            + " problem(s), listed above");
        err.flush();
        return Main.INVALID_INPUT;
      }
      return Main.OK;
    }
  }
}
