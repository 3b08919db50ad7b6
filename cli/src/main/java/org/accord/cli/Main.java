package org.accord.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code accord} command. Data goes to standard output, messages and progress to standard error.
 *
 * <p>Exit codes (also in the README):
 *
 * <ul>
 *   <li>0 — success;
 *   <li>1 — the input was (partly) invalid: {@code validate} found violations, {@code import} rejected objects, a
 *       rulebook is malformed, not fully signed or refused by {@code rules activate}, a ledger does not verify or
 *       two ledgers disagree, {@code cases} refused a transition or found no such request, an evidence package is
 *       not intact;
 *   <li>2 — usage error (unknown option, missing argument);
 *   <li>3 — configuration error ({@code accord.yaml} unreadable or wrong);
 *   <li>4 — runtime failure (database unreachable, port taken, I/O error).
 * </ul>
 */
@Command(
    name = "accord",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Accord: rules-based cooperation against cyber attacks. STIX 2.1 / TAXII 2.1 node.",
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      ImportCommand.class,
      ExportCommand.class,
      ExplainCommand.class,
      SenseCommand.class,
      ValidateCommand.class,
      PasswdCommand.class,
      KeysCommand.class,
      RulesCommand.class,
      LedgerCommand.class,
      CasesCommand.class,
      HashCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:invalid input (validation violations, rejected objects, bad or refused rulebook, broken or disagreeing ledger,"
          + " refused case transition, evidence package not intact)",
      "2:usage error",
      "3:configuration error",
      "4:runtime failure (database, network, I/O)"
    })
public final class Main implements Runnable {
  public static final int OK = 0;
  public static final int INVALID_INPUT = 1;
  public static final int USAGE = 2;
  public static final int CONFIG_ERROR = 3;
  public static final int FAILURE = 4;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new Failures());
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  /** The version from the jar's manifest, or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"accord " + (v == null ? "development" : v)};
    }
  }
}
