package org.accord.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.accord.cases.AssistanceRequest;
import org.accord.cases.CaseFile;
import org.accord.cases.DeadlineKind;
import org.accord.cases.Deadlines;
import org.accord.cases.LegalBasis;
import org.accord.cases.RequestKind;
import org.accord.cases.Responsiveness;
import org.accord.cases.State;
import org.accord.cases.Transition;
import org.accord.cases.Urgency;
import org.accord.cases.evidence.PackageVerifier;
import org.accord.cases.evidence.VerifyReport;
import org.accord.ledger.Entry;
import org.accord.ledger.EntryKind;
import org.accord.node.RunningNode;
import org.accord.stix.StixJson;
import org.accord.stix.Timestamps;
import org.accord.stix.Tlp;
import org.accord.store.CaseRecords.DeadlineRow;
import org.accord.store.StoredObject;

/**
 * Step 5 of the demo (issue 10, item 7): cybercrime requests between the two nodes. CN-CERT asks US-CERT to preserve
 * the logs of the command server US sighted; the request travels to US through federation, US's clock starts under
 * the rulebook's obligation clause, US acknowledges, preserves, uploads the matching flow records as evidence and
 * answers in full, and CN sees the answer after the next run. A second request (subscriber information on the
 * infected hosts' operators) is only acknowledged; the demo moves both nodes' {@link DemoClock} past its answer
 * deadline and ticks the case clocks, so the miss is escalated (log line and {@code DEADLINE_MISSED} ledger entry on
 * both nodes). Last, both nodes' view of the parties' responsiveness.
 *
 * <p>Requests and transitions are made through each node's {@code Cases} service, as the node's REST API would; the
 * evidence goes over the REST API ({@code POST /api/cases/{id}/evidence}) as US's analyst, the way a user uploads.
 */
final class DemoCases {
  /** The rulebook's obligation clause that sets the clocks of a request about the finance sector. */
  static final String OBLIGATION = "A1.O1";

  private final TwoNodeSetup setup;
  private final RunningNode cn;
  private final RunningNode us;
  private final DemoClock clock;
  private final PrintWriter out;
  private final PrintWriter err;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  DemoCases(TwoNodeSetup setup, RunningNode cn, RunningNode us, DemoClock clock, PrintWriter out, PrintWriter err) {
    this.setup = setup;
    this.cn = cn;
    this.us = us;
    this.clock = clock;
    this.out = out;
    this.err = err;
  }

  boolean run() throws IOException, InterruptedException {
    out.println();
    out.println("Cybercrime requests (step 5)");
    List<String> concerned = sightedIndicators();
    AssistanceRequest preserve =
        request(RequestKind.PRESERVATION, "Preserve the connection logs of the botnet's command server",
            "connection logs of " + DemoTelemetry.C2 + ":443 and of the hosts that called it", concerned);
    boolean ok = send(preserve);
    CaseFile atUs = us.cases().find(preserve.id()).orElse(null);
    ok &= received(atUs);
    if (atUs == null) {
      return false;
    }
    us.cases().apply(preserve.id(), Transition.ACKNOWLEDGE, "us");
    us.cases().apply(preserve.id(), Transition.PRESERVE, "us");
    out.println("  US-CERT acknowledged and preserved the logs");
    ok &= uploadEvidence(preserve.id());
    us.cases().apply(preserve.id(), Transition.ANSWER_FULL, "us", List.of(),
        "logs preserved; the matching flow records are in the evidence package");
    ok &= DemoCommand.federate(us, err);
    State atCn = cn.cases().find(preserve.id()).map(f -> f.state().state()).orElse(null);
    boolean answered = atCn == State.ANSWERED_FULL;
    out.println("  " + (answered ? "OK " : "MISMATCH ") + "CN-CERT sees request " + preserve.id() + " "
        + (atCn == null ? "nowhere" : atCn.name().toLowerCase(Locale.ROOT).replace('_', '-'))
        + " after the next federation run");
    ok &= answered;
    ok &= evidenceAtCn(preserve.id());

    AssistanceRequest identify =
        request(RequestKind.SUBSCRIBER_INFO, "Identify the subscribers of the two infected hosts",
            "subscriber information of 192.88.99.41 and 192.88.99.57, 1 to 3 March", List.of());
    ok &= send(identify);
    CaseFile second = us.cases().find(identify.id()).orElse(null);
    ok &= received(second);
    if (second == null) {
      return false;
    }
    us.cases().apply(identify.id(), Transition.ACKNOWLEDGE, "us");
    ok &= DemoCommand.federate(us, err);
    out.println("  US-CERT acknowledged it, and answers nothing");
    ok &= missDeadline(identify.id(), second.clocks().flatMap(d -> d.answerBy(false)).orElse(null));
    printResponsiveness();
    return ok;
  }

  /** CN's indicators that US sighted (the sightings in CN's inbox) and that CN's gate lets US receive. */
  private List<String> sightedIndicators() {
    Set<String> sighted = new LinkedHashSet<>();
    for (StoredObject o : StoreScan.allVersions(cn.store(), TwoNodeSetup.INBOX)) {
      JsonNode ref = o.object().jsonView().path("sighting_of_ref");
      if (ref.isTextual()) {
        sighted.add(ref.asText());
      }
    }
    List<String> allowed = new ArrayList<>();
    for (StoredObject o : StoreScan.allVersions(cn.store(), TwoNodeSetup.SHARED)) {
      String id = o.object().id();
      if (sighted.contains(id) && !allowed.contains(id) && cn.gate().decide(o, "us").released().isPresent()) {
        allowed.add(id);
      }
    }
    return allowed;
  }

  private AssistanceRequest request(RequestKind kind, String facts, String sought, List<String> objects) {
    return new AssistanceRequest(
        AssistanceRequest.TYPE + "--" + UUID.randomUUID(), kind, "cn", "us",
        new LegalBasis(OBLIGATION, "Demonstration agreement A1; Budapest Convention art. 29"),
        "DDoS attack on a bank's online services by a botnet", facts + "; US-CERT sighted the command server "
            + DemoTelemetry.C2 + " in its own traffic.",
        List.of(sought), "Example US Campus", "192.88.99.0/24", Urgency.NORMAL, "finance", objects, Tlp.AMBER,
        clock.instant().truncatedTo(ChronoUnit.MILLIS));
  }

  /** CN creates and sends the request; federation carries it to US (and US's receipt back). */
  private boolean send(AssistanceRequest r) {
    cn.cases().create(r);
    cn.cases().apply(r.id(), Transition.SEND, "cn");
    out.println("  CN-CERT sent " + r.kind().wire() + " request " + r.id() + " to US-CERT under " + OBLIGATION
        + (r.objectIds().isEmpty() ? "" : ", concerning " + String.join(", ", r.objectIds())));
    boolean ok = DemoCommand.federate(us, err);
    return ok & DemoCommand.federate(us, err);
  }

  private boolean received(CaseFile atUs) {
    if (atUs == null || atUs.clocks().isEmpty()) {
      out.println("  MISMATCH US-CERT did not receive the request, or no clock started");
      return false;
    }
    Deadlines d = atUs.clocks().get();
    out.println("  US-CERT received it through federation, its clock started under " + d.clauseId()
        + ", acknowledge by " + Timestamps.format(d.acknowledgeBy(), 0)
        + ", answer by " + d.answerBy(false).map(t -> Timestamps.format(t, 0)).orElse("-"));
    return d.clauseId().equals(OBLIGATION);
  }

  /** US's analyst uploads the matching flow records over US's REST API, with their SHA-256. */
  private boolean uploadEvidence(String requestId) throws IOException, InterruptedException {
    byte[] body = flowRecords().getBytes(StandardCharsets.UTF_8);
    String sha256 = sha256(body);
    String auth = TwoNodeSetup.ANALYST + ":" + setup.us().analystPassword();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(us.baseUrl() + "/api/cases/" + requestId + "/evidence?name=flows.txt"))
            .header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "text/plain")
            .header("X-Content-SHA256", sha256)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    boolean ok = response.statusCode() == 201;
    int custody = ok ? StixJson.mapper().readTree(response.body()).path("custody").size() : 0;
    out.println("  " + (ok ? "" : "MISMATCH (HTTP " + response.statusCode() + ") ") + "US-CERT uploaded evidence"
        + " flows.txt (" + body.length + " bytes, sha256 " + sha256.substring(0, 16) + "...), " + custody
        + " custody entries, and answered full");
    return ok;
  }

  /**
   * CN's node fetched the answer's evidence from US's node by itself; CN's analyst exports what CN holds, and it
   * verifies with nothing but the package and the two parties' keys as the rulebook pins them.
   */
  private boolean evidenceAtCn(String requestId) throws IOException, InterruptedException {
    if (!cn.awaitEvidence(Duration.ofSeconds(60))) {
      out.println("  MISMATCH CN-CERT's node did not finish fetching the evidence within 60 s");
      return false;
    }
    String auth = TwoNodeSetup.ANALYST + ":" + setup.cn().analystPassword();
    java.nio.file.Path zip = setup.cn().dir().resolve("evidence-" + UUID.randomUUID() + ".zip");
    HttpResponse<java.nio.file.Path> response =
        http.send(
            HttpRequest.newBuilder(URI.create(cn.baseUrl() + "/api/cases/" + requestId + "/evidence/export"))
                .header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofFile(zip));
    try {
      if (response.statusCode() != 200) {
        out.println("  MISMATCH CN-CERT holds no evidence for the request (HTTP " + response.statusCode() + ")");
        return false;
      }
      var parties = setup.rulebook().rulebook().parties();
      VerifyReport report =
          PackageVerifier.verify(zip, java.util.Map.of("us", parties.get("us").publicKey(), "cn",
              parties.get("cn").publicKey()), true);
      List<String> chain = report.manifest() == null ? List.of() : report.checked().stream()
          .filter(c -> c.startsWith("custody entry")).map(c -> c.replaceAll("^custody entry \\d+: (\\w+) .*"
              + "signed by (\\w+)$", "$1 ($2)")).toList();
      out.println("  " + (report.intact() ? "OK " : "MISMATCH ") + "CN-CERT's node fetched the evidence package from"
          + " US-CERT's node and kept it: " + (report.manifest() == null ? 0 : report.manifest().files().size())
          + " file(s), custody " + String.join(" > ", chain) + "; it verifies with both parties' pinned keys");
      report.problems().forEach(p -> err.println("    " + p.kind() + " " + p.message()));
      return report.intact();
    } finally {
      java.nio.file.Files.deleteIfExists(zip);
    }
  }

  /** The flow records in which US's two infected hosts called the command server, as text. */
  private String flowRecords() {
    StringBuilder s = new StringBuilder("# US-CERT flow records to " + DemoTelemetry.C2 + ":443/tcp\n"
        + "# start,end,src,src_port,dst,dst_port,proto,packets,bytes\n");
    Instant t = clock.instant().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < 10; i++) {
      Instant end = t.plusSeconds(5L * i);
      s.append(Timestamps.format(end.minusMillis(800), 3)).append(',').append(Timestamps.format(end, 3))
          .append(',').append(i % 2 == 0 ? "192.88.99.41" : "192.88.99.57").append(',').append(49_152 + i)
          .append(',').append(DemoTelemetry.C2).append(",443,tcp,12,2400\n");
    }
    return s.toString();
  }

  /** Moves both nodes' clock past the answer deadline and ticks the case clocks: the miss is escalated. */
  private boolean missDeadline(String requestId, Instant answerBy) throws IOException, InterruptedException {
    if (answerBy == null) {
      out.println("  MISMATCH the second request has no answer deadline");
      return false;
    }
    Duration jump = Duration.between(clock.instant(), answerBy).plusHours(1);
    clock.advance(jump);
    out.println("  The demo moves both nodes' clock forward to 1 h past the answer deadline "
        + Timestamps.format(answerBy, 0) + " (a demo device)");
    us.caseClock().tick();
    cn.caseClock().tick();
    boolean ok = true;
    for (var pair : List.of(List.of(us, "cn"), List.of(cn, "us"))) {
      RunningNode node = (RunningNode) pair.get(0);
      Entry miss = deadlineMissed(node, (String) pair.get(1), requestId);
      if (miss == null) {
        out.println("  MISMATCH " + node.config().party() + " recorded no DEADLINE_MISSED entry for " + requestId);
        ok = false;
      } else {
        out.println("  escalated by " + node.config().party() + ": ledger entry " + miss.seq() + " "
            + miss.kind() + " " + miss.objects().get(0).version() + ", clause " + miss.clauseId()
            + ", counterparty " + miss.counterparty());
      }
    }
    CaseFile f = us.cases().find(requestId).orElseThrow();
    for (DeadlineRow d : f.deadlines()) {
      if (d.deadline().equals(DeadlineKind.ANSWER.wire())) {
        out.println("  the answer deadline of " + requestId + " is " + d.status() + " (set by " + d.clauseId() + ")");
        ok &= d.status().equals("missed");
      }
    }
    return ok;
  }

  /**
   * The node's {@code DEADLINE_MISSED} entry for the request; the node's own timer may have ticked first, and the
   * entry is written as the miss is delivered, so it is awaited briefly.
   */
  private static Entry deadlineMissed(RunningNode node, String counterparty, String requestId)
      throws IOException, InterruptedException {
    for (int i = 0; i < 50; i++) {
      for (Entry e : node.ledger().entriesWith(counterparty)) {
        if (e.kind() == EntryKind.DEADLINE_MISSED && !e.objects().isEmpty()
            && e.objects().get(0).id().equals(requestId)) {
          return e;
        }
      }
      Thread.sleep(100);
    }
    return null;
  }

  private void printResponsiveness() {
    out.println();
    out.println("Responsiveness (time to acknowledge and to answer, answers on time, open requests)");
    for (RunningNode node : List.of(cn, us)) {
      Instant now = node.caseClock().now();
      List<Responsiveness.Line> lines = Responsiveness.of(node.cases().list(), now);
      for (String party : List.of("cn", "us")) {
        List<Responsiveness.Line> of = lines.stream().filter(l -> l.party().equals(party)).toList();
        if (of.isEmpty()) {
          out.println("  " + party + " (as " + node.config().party() + " sees it): received no requests");
        }
        for (Responsiveness.Line l : of) {
          out.printf(Locale.ROOT, "  %s (as %s sees it), %s: %d received, acknowledged in %s (median), answered in"
                  + " %s (median), %d on time, %d late, share on time %s, %d open%n",
              party, node.config().party(), l.kind().wire(), l.received(), duration(l.acknowledge().median()),
              duration(l.answer().median()), l.onTime(), l.late(),
              l.shareOnTime().map(s -> Math.round(s * 100) + "%").orElse("-"), l.open());
        }
      }
    }
  }

  private static String duration(Duration d) {
    if (d == null) {
      return "-";
    }
    long s = d.toSeconds();
    return s < 120 ? s + "s" : s < 7200 ? (s / 60) + "m" : s < 48 * 3600 ? (s / 3600) + "h" : (s / 86_400) + "d";
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
