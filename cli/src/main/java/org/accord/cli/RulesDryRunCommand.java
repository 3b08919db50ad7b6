package org.accord.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.rules.DryRun;
import org.accord.rules.Egress;
import org.accord.rules.Provenance;
import org.accord.rules.Rulebook;
import org.accord.rules.RulebookSigner;
import org.accord.rules.SignedRulebook;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectQuery;
import org.accord.store.ObjectStore;
import org.accord.store.Page;
import org.accord.store.StoredObject;
import org.accord.store.Stores;
import org.accord.store.VersionMatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code accord rules dry-run NEW}: what the egress gate would decide differently if NEW replaced the active version,
 * for every object the node holds (the last version of each, in every collection) and every recipient: each party of
 * NEW other than this node's own, and the public feed; with {@code --party} or {@code --group} (repeatable), only
 * those parties or the members of those groups, in either version. One line per (object, recipient) that changes
 * ({@link DryRun.Difference#describe()}).
 *
 * <p>Every object counts as this node's own ({@link Provenance#own()}): the store does not record yet where an object
 * came from, so objects received from other parties are judged as if this node had produced them. The objects are
 * held in memory for the comparison.
 */
@Command(
    name = "dry-run",
    mixinStandardHelpOptions = true,
    description = "Show what NEW would share differently than the active rulebook, object by object.")
final class RulesDryRunCommand implements Callable<Integer> {
  /** Objects read from the store per query. */
  private static final int PAGE = 1000;

  @Parameters(paramLabel = "NEW", description = "The candidate rulebook (YAML).")
  Path file;

  @Option(
      names = "--signatures",
      paramLabel = "FILE.sig",
      description = "Signature file (default: NEW.sig); only reported on, a dry run needs no signature.")
  Path signatures;

  @Mixin MemberOptions only;

  @Mixin ConfigOption configOption;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    NodeConfig config = configOption.load();
    Optional<SignedRulebook> active = Node.rulebookHistory(config, Clock.systemUTC()).active();
    PrintWriter err = spec.commandLine().getErr();
    if (active.isEmpty()) {
      err.println("accord: no active rulebook to compare with (activate one first)");
      return Main.INVALID_INPUT;
    }
    SignedRulebook next = RulebookFiles.load(file, signatures);
    err.println(RulebookSigner.verify(next).message());
    Rulebook nextRulebook = next.rulebook();
    List<String> recipients = new ArrayList<>();
    if (only.all()) {
      nextRulebook.parties().keySet().stream().filter(p -> !p.equals(config.party())).forEach(recipients::add);
      recipients.add(Egress.PUBLIC_FEED);
    } else {
      // The members named, in either version: a party the new version drops shows every decision that stops.
      only.members(spec, active.get().rulebook(), nextRulebook).stream()
          .filter(p -> !p.equals(config.party()))
          .forEach(recipients::add);
    }
    List<DryRun.Difference> differences;
    List<DryRun.Item> items = objects(config);
    try {
      differences =
          DryRun.compare(
              active.get().rulebook(),
              nextRulebook,
              Egress.Settings.of(config.party()),
              Node.transforms(config),
              items,
              recipients);
    } catch (IllegalArgumentException e) {
      err.println("accord: " + e.getMessage());
      return Main.INVALID_INPUT;
    }
    PrintWriter out = spec.commandLine().getOut();
    differences.forEach(d -> out.println(d.describe()));
    out.flush();
    err.println(
        differences.size() + " difference(s) over " + items.size() + " object(s) and " + recipients.size()
            + " recipient(s)");
    return Main.OK;
  }

  /** The last version of every object in every collection of the node's store. */
  private static List<DryRun.Item> objects(NodeConfig config) {
    List<DryRun.Item> items = new ArrayList<>();
    try (ObjectStore store = Stores.open(Node.storeSettings(config))) {
      Node.ensureCollections(config, store);
      for (CollectionInfo c : store.collections()) {
        ObjectQuery query =
            new ObjectQuery(
                Optional.empty(), PAGE, Optional.empty(), Set.of(), Set.of(), VersionMatch.LAST, Set.of());
        while (true) {
          Page<StoredObject> page = store.objects(c.id(), query);
          page.items().forEach(o -> items.add(new DryRun.Item(o.object(), Provenance.own())));
          if (!page.more() || page.next().isEmpty()) {
            break;
          }
          query = query.withAfter(page.next().get());
        }
      }
    }
    return items;
  }
}
