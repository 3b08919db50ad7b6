package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help is complete (issue 9, finding 6: several summaries were cut mid-sentence, because the command
 * list shows only the first line of a description): the first line is a whole sentence, and every line of a
 * description ends a sentence (picocli starts each line of the array on a new line, so a sentence split over two
 * reads as cut).
 */
class HelpTextTest {
  @Test
  void everyCommandSummaryIsAWholeSentenceAndNoDescriptionLineIsCut() {
    List<String> cut = new ArrayList<>();
    walk(Main.commandLine(), cut);
    assertThat(cut).isEmpty();
  }

  private static void walk(CommandLine command, List<String> cut) {
    CommandLine.Model.CommandSpec spec = command.getCommandSpec();
    String[] description = spec.usageMessage().description();
    String name = spec.qualifiedName();
    if (!name.endsWith(" help")) {
      if (description.length == 0 || !endsASentence(description[0])) {
        cut.add(name + ": summary '" + (description.length == 0 ? "" : description[0]) + "'");
      }
      for (String line : description) {
        if (!endsASentence(line) && !line.strip().endsWith(":")) { // picocli starts each element on a new line
          cut.add(name + ": line '" + line + "'");
        }
      }
    }
    command.getSubcommands().values().forEach(sub -> walk(sub, cut));
  }

  private static boolean endsASentence(String line) {
    String t = line.strip();
    return t.endsWith(".") || t.endsWith(".)");
  }
}
