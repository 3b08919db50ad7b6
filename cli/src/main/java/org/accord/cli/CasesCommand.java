package org.accord.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code accord cases}: mutual-assistance requests. For now only {@code evidence}; the request commands (list, show,
 * stats, new, transition) come with the node's wiring of the cases module, which adds them here.
 */
@Command(
    name = "cases",
    mixinStandardHelpOptions = true,
    description = "Mutual-assistance requests between parties and their evidence.",
    subcommands = {CasesEvidenceCommand.class})
final class CasesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a cases command is required");
  }
}
