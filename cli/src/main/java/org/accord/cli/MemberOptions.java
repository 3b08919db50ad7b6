package org.accord.cli;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.accord.rules.Rulebook;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The {@code --party} and {@code --group} options of {@code rules diff} and {@code rules dry-run}: which parties the
 * output is limited to, groups resolved in either of the two versions compared.
 */
final class MemberOptions {
  @Option(names = "--party", paramLabel = "PARTY", description = "Only what concerns this party (repeatable).")
  List<String> parties = List.of();

  @Option(
      names = "--group",
      paramLabel = "GROUP",
      description = "Only what concerns the members of this group, in either version (repeatable).")
  List<String> groups = List.of();

  /** Neither option given: everything. */
  boolean all() {
    return parties.isEmpty() && groups.isEmpty();
  }

  /**
   * The parties named, and the members of the groups named, in either version. A party or group that neither
   * version knows is a usage error (a typo would otherwise show an empty diff).
   */
  Set<String> members(CommandSpec spec, Rulebook a, Rulebook b) {
    Set<String> out = new TreeSet<>();
    for (String p : parties) {
      if (!a.parties().containsKey(p) && !b.parties().containsKey(p)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no party '" + p + "' in either version");
      }
      out.add(p);
    }
    for (String g : groups) {
      if (!a.groups().containsKey(g) && !b.groups().containsKey(g)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "no group '" + g + "' in either version");
      }
      out.addAll(a.members(g));
      out.addAll(b.members(g));
    }
    return out;
  }
}
