package org.accord.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.stix.StixJson;
import org.accord.store.ObjectQuery;
import org.accord.store.ObjectStore;
import org.accord.store.Page;
import org.accord.store.StoredObject;
import org.accord.store.Stores;
import org.accord.store.VersionMatch;
import org.accord.taxii.server.OutboundFilter;
import org.accord.node.NodeGate;
import org.accord.taxii.server.Principal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code accord export}: writes a STIX bundle of a collection's objects to standard output, streamed page by page.
 * Every object passes the node's gate, like every other way out of the node: for this node's own operator (the
 * default) everything as stored; with {@code --to PARTY} only what the active rulebook lets go to that party, in the
 * form its clause requires (pseudonymised, stripped), and a count of what was withheld.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export a collection's objects as a STIX 2.1 bundle on standard output.")
final class ExportCommand implements Callable<Integer> {
  /** Objects read from the store per query. */
  private static final int PAGE = 1000;

  /** Who an export is for when no recipient is named: the node's own operator. */
  static final Principal OPERATOR = new Principal("local-operator");

  @Option(
      names = "--collection",
      paramLabel = "ID|ALIAS",
      description = "Collection by id or alias; sensor names the one accord sense stores its findings in"
          + " (sensor.collection). Default: the node's first collection.")
  String collection;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      split = ",",
      description = "Only these STIX types (repeatable or comma-separated), e.g. indicator,malware.")
  List<String> types = List.of();

  @Option(
      names = "--added-after",
      paramLabel = "TIMESTAMP",
      description = "Only versions added after this RFC 3339 timestamp.")
  String addedAfter;

  @Option(names = "--all-versions", description = "Every version of each object, not only the latest.")
  boolean allVersions;

  @Option(names = "--pretty", description = "Indent the JSON.")
  boolean pretty;

  @Option(
      names = "--to",
      paramLabel = "PARTY",
      description = "Export for this party of the active rulebook: only what its clauses allow, as they require.")
  String to;

  @Mixin ConfigOption configOption;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    NodeConfig config = configOption.load();
    Optional<Instant> after = Optional.empty();
    if (addedAfter != null) {
      try {
        after = Optional.of(Instant.parse(addedAfter));
      } catch (DateTimeParseException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--added-after: '" + addedAfter + "' is not an RFC 3339 timestamp");
      }
    }
    Principal principal = to == null ? OPERATOR : new Principal("export", to);
    long count = 0;
    long withheld = 0;
    try (ObjectStore store = Stores.open(Node.storeSettings(config))) {
      // The gate's decision, not the wire copy a peer gets over TAXII: an export never carries a provenance chain.
      NodeGate gate = Node.gate(config, Clock.systemUTC(), store);
      OutboundFilter filter =
          (p, collection, stored) -> p.isPeer() ? gate.releaseTo(p.party(), stored) : Optional.of(stored);
      Node.ensureCollections(config, store);
      String target = Collections.resolve(config, store, collection, spec.commandLine());
      ObjectQuery query =
          new ObjectQuery(
              after,
              PAGE,
              Optional.empty(),
              Set.of(),
              Set.copyOf(types),
              allVersions ? VersionMatch.ALL : VersionMatch.LAST,
              Set.of());
      PrintWriter out = spec.commandLine().getOut();
      try (JsonGenerator json =
          StixJson.mapper()
              .getFactory()
              .createGenerator(out)
              .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
        if (pretty) {
          json.useDefaultPrettyPrinter();
        }
        json.writeStartObject();
        json.writeStringField("type", "bundle");
        json.writeStringField("id", "bundle--" + UUID.randomUUID());
        json.writeArrayFieldStart("objects");
        while (true) {
          Page<StoredObject> page = store.objects(target, query);
          for (StoredObject stored : page.items()) {
            Optional<StoredObject> released = filter.release(principal, target, stored);
            if (released.isPresent()) {
              json.writeRawValue(released.get().json());
              count++;
            } else {
              withheld++;
            }
          }
          if (!page.more() || page.next().isEmpty()) {
            break;
          }
          query = query.withAfter(page.next().get());
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeRaw('\n');
      }
      out.flush();
    }
    spec.commandLine().getErr().println(
        "exported " + count + " object(s)"
            + (to == null ? "" : " for " + to + "; " + withheld + " withheld by the rulebook (accord explain)"));
    return Main.OK;
  }
}
