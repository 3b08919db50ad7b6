package org.accord.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.NodeGate;
import org.accord.rules.Decision;
import org.accord.rules.Egress;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectQuery;
import org.accord.store.Origin;
import org.accord.store.ObjectStore;
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
 * {@code accord explain OBJECT_ID --to PARTY}: what the node's gate decides about sending an object to a party, and
 * the clause (or built-in rule) that decides it, for the object's newest version in every collection that holds it
 * (every version with {@code --all-versions}), after the chain along which this node holds it (originator, each hop
 * and its clause or onward grant). The same gate the running node applies, from the same active
 * rulebook; the store is only read, so it works while the node runs.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "Explain whether an object may go to a party, and which clause decides.",
      "Prints ALLOW, TRANSFORM or DENY with the clause id and the reason, for each collection that holds it.",
      "Before each decision: the chain the object came along (originator, each hop and its clause or grant)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the decision was explained", "1:no such object", "2:usage error", "3:configuration error"})
final class ExplainCommand implements Callable<Integer> {
  @Parameters(paramLabel = "OBJECT_ID", description = "The STIX id, e.g. indicator--3d30cfba-...")
  String objectId;

  @Option(names = "--to", required = true, paramLabel = "PARTY", description = "The recipient party.")
  String to;

  @Option(names = "--all-versions", description = "Explain every version, not only the newest.")
  boolean allVersions;

  @Mixin ConfigOption configOption;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    NodeConfig config = configOption.load();
    PrintWriter out = spec.commandLine().getOut();
    int found = 0;
    try (ObjectStore store = Stores.open(Node.storeSettings(config))) {
      // The gate looks up what an object names in the same store, as the running node does.
      NodeGate gate = Node.gate(config, Clock.systemUTC(), store);
      out.println(
          gate.rulebook()
              .map(r -> "rulebook " + r.name() + " v" + r.version() + ", deciding as party " + config.party())
              .orElse("no rulebook is active on this node: nothing leaves it for another party"));
      ObjectQuery query =
          new ObjectQuery(
              Optional.empty(), 1000, Optional.empty(), Set.of(objectId), Set.of(),
              allVersions ? VersionMatch.ALL : VersionMatch.LAST, Set.of());
      for (CollectionInfo c : store.collections()) {
        List<StoredObject> versions = store.objects(c.id(), query).items();
        for (StoredObject stored : versions) {
          found++;
          Decision d = gate.decide(stored, to);
          Origin origin = stored.origin();
          out.println(
              "collection " + (c.alias() != null ? c.alias() : c.id()) + ", version "
                  + stored.entry().version() + " ("
                  + (origin.isOwn() ? "own" : "received, originator " + origin.party() + ", agreement "
                      + origin.agreement()) + "):");
          out.println("  chain: " + chain(origin, config.party()));
          out.println("  " + d.explain());
          if (d instanceof Decision.Transform t) {
            out.println("  transforms applied on the way out: "
                + String.join(", ", t.applied().stream().map(org.accord.rules.Transform::name).toList()));
          }
        }
      }
    }
    out.flush();
    if (found == 0) {
      spec.commandLine().getErr().println("accord explain: no object " + objectId + " in any collection");
      return Main.INVALID_INPUT;
    }
    return Main.OK;
  }

  /**
   * The chain along which this node holds a version (issue 12, part 2), as the gate's reasons word it ({@link
   * Egress#describe}): the originator, then each hop with the clause or onward grant that allowed it.
   */
  static String chain(Origin origin, String self) {
    return origin.isOwn() ? "none: " + self + "'s own object" : Egress.describe(NodeGate.provenance(origin));
  }
}
