package org.accord.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.CaseClock;
import org.accord.cases.CaseException;
import org.accord.cases.CaseFile;
import org.accord.cases.Cases;
import org.accord.cases.DeclineGround;
import org.accord.cases.LegalBasis;
import org.accord.cases.Lifecycle;
import org.accord.cases.RequestKind;
import org.accord.cases.Responsiveness;
import org.accord.cases.State;
import org.accord.cases.Step;
import org.accord.cases.Transition;
import org.accord.cases.Urgency;
import org.accord.node.CaseViews;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.OfflineCases;
import org.accord.stix.StixJson;
import org.accord.stix.Timestamps;
import org.accord.stix.Tlp;
import org.accord.store.CaseRecords.DeadlineRow;
import org.accord.store.ObjectStore;
import org.accord.store.Stores;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code accord cases}: the node's mutual-assistance requests from its database. {@code list}, {@code show} and
 * {@code stats} read (also while the node runs); {@code new} and {@code transition} change requests with the node's
 * own service, clock and escalation, and only while the node is stopped (a running node holds its ledger; its REST
 * API under {@code /api/cases/} makes the same changes). Only requests this node's party is on are shown, as in the
 * REST API. A refused transition exits 1 with the lifecycle's message, which says what is allowed now.
 */
@Command(
    name = "cases",
    mixinStandardHelpOptions = true,
    description = "List, show and change mutual-assistance requests, print responsiveness, verify evidence.",
    subcommands = {
      CasesCommand.ListCases.class,
      CasesCommand.Show.class,
      CasesCommand.Stats.class,
      CasesCommand.New.class,
      CasesCommand.Move.class,
      CasesEvidenceCommand.class
    })
final class CasesCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a cases command is required");
  }

  /** The requests of the node's database as its party sees them; reading only (no clock is ticked). */
  private static final class Reader implements AutoCloseable {
    final ObjectStore store;
    final Cases cases;
    final CaseClock clock;
    final String party;

    Reader(NodeConfig config) {
      this.store = Stores.open(Node.storeSettings(config));
      this.party = config.party();
      var records = Stores.cases(store);
      this.clock =
          new CaseClock(
              records, Clock.systemUTC(), Duration.ZERO,
              e -> {
                throw new IllegalStateException("reading commands deliver no clock events");
              });
      this.cases = new Cases(records, () -> null, clock);
    }

    List<CaseFile> visible() {
      return cases.list().stream().filter(f -> f.request().roleOf(party) != null).toList();
    }

    Optional<CaseFile> find(String id) {
      return cases.find(id).filter(f -> f.request().roleOf(party) != null);
    }

    @Override
    public void close() {
      store.close();
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the requests this node's party is on, oldest first, one line each.")
  static final class ListCases implements Callable<Integer> {
    @Option(names = "--state", paramLabel = "STATE", description = "Only requests in this state (e.g. received).")
    String state;

    @Option(names = "--json", description = "Print JSON (the REST API's form) instead of a table.")
    boolean json;

    @Mixin ConfigOption configOption;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      State wanted = null;
      if (state != null) {
        wanted = State.fromWire(state).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
            "--state: one of draft, sent, received, acknowledged, in-progress, preserved, answered-partial,"
                + " answered-full, declined, closed; not '" + state + "'"));
      }
      PrintWriter out = spec.commandLine().getOut();
      try (Reader r = new Reader(configOption.load())) {
        List<CaseFile> files = new ArrayList<>();
        for (CaseFile f : r.visible()) {
          if (wanted == null || f.state().state() == wanted) {
            files.add(f);
          }
        }
        if (json) {
          ArrayNode a = StixJson.mapper().createArrayNode();
          files.forEach(f -> a.add(CaseViews.summary(f)));
          out.println(a);
        } else {
          out.printf("%-56s %-24s %-10s %-10s %-9s %-16s %s%n", "ID", "KIND", "REQUESTER", "REQUESTED", "URGENCY",
              "STATE", "NEXT DUE");
          for (CaseFile f : files) {
            AssistanceRequest q = f.request();
            out.printf("%-56s %-24s %-10s %-10s %-9s %-16s %s%n", q.id(), q.kind().wire(), q.requester(),
                q.requested(), q.urgency().wire(), f.state(), nextDue(f));
          }
        }
      }
      out.flush();
      return Main.OK;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "Show one request: what is asked, where it stands, its transitions and deadlines, what is allowed now.",
        "Each deadline names the rulebook clause that set it."
      })
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The request's id (assistance-request--...).")
    String id;

    @Option(names = "--json", description = "Print JSON (the REST API's form) instead of text.")
    boolean json;

    @Mixin ConfigOption configOption;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Reader r = new Reader(configOption.load())) {
        Optional<CaseFile> found = r.find(id);
        if (found.isEmpty()) {
          spec.commandLine().getErr().println("accord: no request " + id);
          return Main.INVALID_INPUT;
        }
        print(out, found.get(), json);
      }
      out.flush();
      return Main.OK;
    }
  }

  @Command(
      name = "stats",
      mixinStandardHelpOptions = true,
      description = {
        "Print responsiveness per requested party and kind.",
        "Median and 90th percentile time to acknowledge and to answer, answers on time and late, open requests."
      })
  static final class Stats implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON (the REST API's form) instead of a table.")
    boolean json;

    @Mixin ConfigOption configOption;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (Reader r = new Reader(configOption.load())) {
        Instant now = r.clock.now();
        List<Responsiveness.Line> lines = Responsiveness.of(r.visible(), now);
        if (json) {
          out.println(CaseViews.stats(lines, now));
        } else {
          out.printf("%-10s %-24s %8s %9s %9s %9s %9s %7s %5s %7s %5s%n", "PARTY", "KIND", "RECEIVED", "ACK-MED",
              "ACK-P90", "ANS-MED", "ANS-P90", "ON-TIME", "LATE", "SHARE", "OPEN");
          for (Responsiveness.Line l : lines) {
            out.printf("%-10s %-24s %8d %9s %9s %9s %9s %7d %5d %7s %5d%n", l.party(), l.kind().wire(), l.received(),
                duration(l.acknowledge().median()), duration(l.acknowledge().p90()), duration(l.answer().median()),
                duration(l.answer().p90()), l.onTime(), l.late(),
                l.shareOnTime().map(s -> Math.round(s * 100) + "%").orElse("-"), l.open());
          }
        }
      }
      out.flush();
      return Main.OK;
    }
  }

  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description = {
        "Create a request from this node's party as a draft, and print it.",
        "Only while the node is stopped; a running node takes POST /api/cases/ instead."
      })
  static final class New implements Callable<Integer> {
    @Option(names = "--kind", required = true, paramLabel = "KIND",
        description = "subscriber-info, preservation, production, takedown, investigative-assistance or"
            + " emergency-disclosure.")
    String kind;

    @Option(names = "--to", required = true, paramLabel = "PARTY", description = "The requested party's id.")
    String to;

    @Option(names = "--clause", required = true, paramLabel = "ID", description = "The rulebook clause it rests on.")
    String clause;

    @Option(names = "--treaty-article", paramLabel = "TEXT", description = "The treaty article, where one applies.")
    String treatyArticle;

    @Option(names = "--offence", required = true, paramLabel = "TEXT", description = "The offence, in a line.")
    String offence;

    @Option(names = "--facts", required = true, paramLabel = "TEXT", description = "The facts the other party needs.")
    String facts;

    @Option(names = "--data", required = true, paramLabel = "TEXT",
        description = "What is asked for (repeat the option for each item).")
    List<String> data;

    @Option(names = "--custodian", paramLabel = "TEXT", description = "Who holds the data.")
    String custodian;

    @Option(names = "--location", paramLabel = "TEXT", description = "Where the data or infrastructure is.")
    String location;

    @Option(names = "--urgency", defaultValue = "normal", paramLabel = "URGENCY",
        description = "emergency or normal (default: ${DEFAULT-VALUE}).")
    String urgency;

    @Option(names = "--sector", paramLabel = "SECTOR", description = "The sector concerned (finance, energy, ...).")
    String sector;

    @Option(names = "--object", paramLabel = "STIX-ID", description = "A STIX object it concerns (repeatable).")
    List<String> objects;

    @Option(names = "--tlp", defaultValue = "amber", paramLabel = "TLP",
        description = "The request's own marking (default: ${DEFAULT-VALUE}).")
    String tlp;

    @Mixin ConfigOption configOption;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      NodeConfig config = configOption.load();
      AssistanceRequest request;
      try {
        request =
            new AssistanceRequest(
                AssistanceRequest.TYPE + "--" + UUID.randomUUID(),
                RequestKind.fromWire(kind).orElseThrow(() -> new CaseException("--kind: unknown '" + kind + "'")),
                config.party(), to, new LegalBasis(clause, treatyArticle), offence, facts, data, custodian, location,
                Urgency.fromWire(urgency).orElseThrow(() -> new CaseException("--urgency: emergency or normal")),
                sector, objects == null ? List.of() : objects,
                Tlp.fromName(tlp).orElseThrow(() -> new CaseException("--tlp: clear, green, amber, amber+strict, red")),
                Instant.now());
      } catch (CaseException e) {
        spec.commandLine().getErr().println("accord: " + e.getMessage());
        return Main.INVALID_INPUT;
      }
      try (OfflineCases cases = OfflineCases.open(config, Clock.systemUTC())) {
        CaseFile created = cases.cases().create(request);
        print(spec.commandLine().getOut(), created, false);
      }
      spec.commandLine().getOut().flush();
      return Main.OK;
    }
  }

  @Command(
      name = "transition",
      mixinStandardHelpOptions = true,
      description = {
        "Make a transition of a request as this node's party, now (e.g. acknowledge, decline --ground ...).",
        "A refused one exits 1 and says what is allowed now.",
        "Only while the node is stopped; a running node takes POST /api/cases/{id}/transitions instead."
      })
  static final class Move implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ID", description = "The request's id.")
    String id;

    @Parameters(index = "1", paramLabel = "NAME", description = "The transition (send, receive, acknowledge, ...).")
    String name;

    @Option(names = "--ground", paramLabel = "GROUND",
        description = "A ground of a decline (repeatable): outside-agreement, insufficient-information,"
            + " legal-impediment, sovereignty-or-security, data-not-available, not-in-jurisdiction, other.")
    List<String> grounds;

    @Option(names = "--note", paramLabel = "TEXT", description = "Free text for the other party.")
    String note;

    @Mixin ConfigOption configOption;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      NodeConfig config = configOption.load();
      PrintWriter err = spec.commandLine().getErr();
      Optional<Transition> t = Transition.fromWire(name);
      if (t.isEmpty()) {
        throw new CommandLine.ParameterException(spec.commandLine(), "NAME: unknown transition '" + name + "'");
      }
      List<DeclineGround> parsed = new ArrayList<>();
      for (String g : grounds == null ? List.<String>of() : grounds) {
        parsed.add(DeclineGround.fromWire(g).orElseThrow(
            () -> new CommandLine.ParameterException(spec.commandLine(), "--ground: unknown '" + g + "'")));
      }
      try (OfflineCases cases = OfflineCases.open(config, Clock.systemUTC())) {
        Optional<CaseFile> found = cases.cases().find(id).filter(f -> f.request().roleOf(config.party()) != null);
        if (found.isEmpty()) {
          err.println("accord: no request " + id);
          return Main.INVALID_INPUT;
        }
        CaseFile after = cases.cases().apply(id, t.get(), config.party(), parsed, note);
        print(spec.commandLine().getOut(), after, false);
      } catch (CaseException e) { // a refused transition (IllegalTransitionException) among them
        err.println("accord: " + e.getMessage());
        return Main.INVALID_INPUT;
      } catch (Node.NodeRunningException e) {
        err.println("accord: " + e.getMessage());
        return Main.FAILURE;
      }
      spec.commandLine().getOut().flush();
      return Main.OK;
    }
  }

  static void print(PrintWriter out, CaseFile f, boolean json) {
    if (json) {
      out.println(CaseViews.file(f));
      return;
    }
    AssistanceRequest q = f.request();
    out.println(q.id());
    out.println("  kind:        " + q.kind().wire() + " (" + q.urgency().wire() + ")");
    out.println("  from -> to:  " + q.requester() + " -> " + q.requested());
    out.println("  legal basis: " + q.legalBasis().clauseId()
        + (q.legalBasis().treatyArticle() == null ? "" : ", " + q.legalBasis().treatyArticle()));
    out.println("  offence:     " + q.offence());
    out.println("  data sought: " + String.join("; ", q.dataSought()));
    out.println("  state:       " + f.state());
    for (Step s : f.steps()) {
      out.println("  " + s.seq() + ". " + Timestamps.format(s.at(), 3) + " " + s.transition().wire() + " by "
          + s.party() + (s.grounds().isEmpty() ? "" : " grounds " + s.grounds().stream().map(DeclineGround::wire)
              .toList()) + (s.note() == null ? "" : " note: " + s.note()));
    }
    for (DeadlineRow d : f.deadlines()) {
      out.println("  deadline " + d.deadline() + " due " + Timestamps.format(d.due(), 3) + " (" + d.status()
          + ", clause " + d.clauseId() + ")");
    }
    List<String> moves = new ArrayList<>();
    for (Lifecycle.Move m : f.allowed()) {
      moves.add(m.transition().wire() + " by " + q.party(m.role()));
    }
    out.println("  allowed now: " + (moves.isEmpty() ? "nothing" : String.join(", ", moves)));
  }

  private static String nextDue(CaseFile f) {
    return f.deadlines().stream()
        .filter(d -> d.status().equals("open"))
        .map(DeadlineRow::due)
        .min(Instant::compareTo)
        .map(d -> Timestamps.format(d, 0))
        .orElse("-");
  }

  private static String duration(Duration d) {
    if (d == null) {
      return "-";
    }
    long m = d.toMinutes();
    return m < 120 ? m + "m" : m < 48 * 60 ? (m / 60) + "h" : (m / (60 * 24)) + "d";
  }
}
