package org.accord.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.accord.stix.BundleItem;
import org.accord.stix.BundleReader;
import org.accord.stix.ValidationReport;
import org.accord.stix.Validator;
import org.accord.stix.Violation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code accord validate FILE}: an offline validation report, one line per broken rule, on standard output. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Validate STIX 2.1 objects offline: a bundle, a single object or JSON lines.",
      "Prints one line per broken rule (JSON path, message, rule id) and a summary; exit code 1 when invalid."
    })
final class ValidateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The file to validate, or - for standard input.")
  String file;

  @Option(names = {"-w", "--warnings"}, description = "Also print warnings (broken SHOULD rules).")
  boolean warnings;

  @Option(names = {"-q", "--quiet"}, description = "Print only the summary.")
  boolean quiet;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Validator validator = new Validator();
    long objects = 0;
    long invalid = 0;
    long violations = 0;
    long warningCount = 0;
    try (InputStream in = Inputs.open(file);
        BundleReader reader = BundleReader.open(in)) {
      while (reader.hasNext()) {
        BundleItem item = reader.next();
        objects++;
        if (item instanceof BundleItem.Malformed m) {
          invalid++;
          violations++;
          if (!quiet) {
            out.println(m.path() + ": line " + m.line() + ", column " + m.column() + ": " + m.message() + " [json]");
          }
          continue;
        }
        BundleItem.Parsed p = (BundleItem.Parsed) item;
        ValidationReport report = validator.validate(p.object(), p.path());
        violations += report.violations().size();
        warningCount += report.warnings().size();
        if (!report.isValid()) {
          invalid++;
        }
        if (!quiet) {
          report.violations().forEach(v -> out.println(v));
          if (warnings) {
            report.warnings().forEach(v -> out.println("warning: " + v));
          }
        }
      }
      for (Violation v : reader.envelopeReport().violations()) {
        violations++;
        if (!quiet) {
          out.println(v);
        }
      }
    }
    out.printf(
        "%d object(s): %d valid, %d invalid; %d violation(s), %d warning(s)%n",
        objects, objects - invalid, invalid, violations, warningCount);
    out.flush();
    return violations == 0 ? Main.OK : Main.INVALID_INPUT;
  }
}
