package org.accord.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.accord.ledger.LedgerVerifier;
import org.accord.ledger.Reconciliation;
import org.accord.ledger.Verification;
import org.accord.node.Node;
import org.accord.node.PeerLedger;
import org.accord.node.RunningNode;
import org.accord.rules.Decision;
import org.accord.stix.StixJson;
import org.accord.store.StoredObject;
import org.accord.node.NodeGate;
import org.accord.rules.Egress;
import org.accord.store.Origin;
import org.accord.taxii.client.Federation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code accord demo}: two parties' nodes on loopback, CN-CERT and US-CERT, under a bilateral rulebook both have
 * signed ({@link TwoNodeSetup}). CN-CERT loads a realistic data set over TAXII (a DDoS botnet's infrastructure against
 * a bank: identities, attack pattern, malware, infrastructure, campaign, incident with two versions, indicators,
 * observed data, SCOs, relationships, a sighting, TLP markings); US-CERT posts a sighting of one of CN's indicators.
 * One federation run then moves what the rules allow: US pulls from CN, pushes its sighting back; the nodes exchange
 * ledger checkpoints. Step 6 ({@link DemoHashes}, after step 5): US shares a hash bank, an altered copy uploaded at
 * CN matches and comes back to US as a sighting. Step 5 ({@link DemoCases}): CN asks US for preservation and for subscriber information; US
 * answers the first with evidence, misses the second's deadline (both nodes run on one {@link DemoClock}, which the
 * demo moves forward), and the miss is escalated. The demo prints what crossed under which clause, what did not and
 * why, the requests' course and the parties' responsiveness, checks that US holds
 * exactly what the gate released, and that both ledgers verify and reconcile. Then it prints URLs, credentials and
 * commands to try, and serves until Ctrl-C (federating every 10 seconds) unless {@code --no-wait}.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the two-node demonstration: CN-CERT and US-CERT under a bilateral signed rulebook.",
      "Loads a DDoS-botnet data set into CN, federates, and prints what crossed, what did not and why, and the"
          + " ledgers' verdict.",
      "Then CN asks US for preservation (answered with evidence) and for subscriber information (its deadline is"
          + " missed on a moved demo clock and escalated), and prints both parties' responsiveness.",
      "Runs until Ctrl-C unless --no-wait."
    })
final class DemoCommand implements Callable<Integer> {
  static final String DATA_SET = "/demo/ddos-botnet.json";
  static final String MEDIA = "application/taxii+json;version=2.1";
  static final String CN_INDICATOR = "indicator--3d30cfba-3553-4f53-99d3-bbc635fb09c1";

  @Option(
      names = {"-p", "--port"},
      defaultValue = "9440",
      paramLabel = "PORT",
      description = "CN-CERT's port; US-CERT listens on the next one (default: ${DEFAULT-VALUE}; 0: free ports).")
  int port;

  @Option(
      names = "--data-dir",
      defaultValue = "data/demo",
      paramLabel = "DIR",
      description = "Directory of the demo's two nodes; emptied at start (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--no-wait", description = "Stop the nodes after printing, instead of serving until Ctrl-C.")
  boolean noWait;

  @Option(
      names = "--serve-seconds",
      paramLabel = "N",
      description = "Serve for N seconds after printing, then stop (default: until Ctrl-C).")
  Integer serveSeconds;

  @Spec CommandSpec spec;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    wipe(dataDir);
    err.println("accord demo: setting up CN-CERT and US-CERT in " + dataDir + ": keys, configuration, rulebook"
        + " signed by both, activated on both ...");
    err.flush();
    TwoNodeSetup setup = TwoNodeSetup.prepare(dataDir, port, port == 0 ? 0 : port + 1, 10, 100);
    // One clock for both nodes, which step 5 moves forward to show a missed deadline (a demo device).
    DemoClock clock = new DemoClock(java.time.Clock.systemUTC());
    RunningNode cn = Node.start(setup.cn().config(), clock);
    RunningNode us;
    try {
      us = Node.start(setup.us().config(), clock);
    } catch (RuntimeException e) {
      cn.close();
      throw e;
    }
    boolean ok;
    try {
      ok = run(setup, cn, us, clock, out, err);
      out.flush();
      if (!ok || noWait) {
        return ok ? Main.OK : Main.FAILURE;
      }
      err.println("accord demo: serving both nodes (federating every 10 s) until Ctrl-C");
      err.flush();
      // Ctrl-C or SIGTERM: the hook itself closes both nodes (ledgers flushed and anchored, stores closed), since
      // the JVM halts once the hooks return, whatever this thread is doing. Closing is idempotent, so this thread's
      // own close below waits for the hook's instead of racing it.
      CountDownLatch stop = new CountDownLatch(1);
      Thread shutdown =
          new Thread(
              () -> {
                stop.countDown();
                closeBoth(us, cn);
              },
              "accord-demo-shutdown");
      Runtime.getRuntime().addShutdownHook(shutdown);
      if (serveSeconds != null) {
        stop.await(serveSeconds, java.util.concurrent.TimeUnit.SECONDS);
      } else {
        stop.await();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(shutdown);
      } catch (IllegalStateException shuttingDown) {
        // a signal arrived: the hook is closing the nodes
      }
      return Main.OK;
    } finally {
      closeBoth(us, cn);
    }
  }

  private static void closeBoth(RunningNode us, RunningNode cn) {
    try {
      us.close();
    } finally {
      cn.close();
    }
  }

  private boolean run(
      TwoNodeSetup setup, RunningNode cn, RunningNode us, DemoClock clock, PrintWriter out, PrintWriter err)
      throws IOException, InterruptedException {
    JsonNode loaded = post(cn, setup.cn(), TwoNodeSetup.SHARED, envelope(dataSet()));
    err.printf("accord demo: CN-CERT loaded the data set over TAXII: %d objects, %d stored, %d failed%n",
        loaded.path("total_count").asLong(), loaded.path("success_count").asLong(),
        loaded.path("failure_count").asLong());
    err.println("accord demo: CN-CERT's sensor reads NetFlow telemetry of its networks ...");
    err.flush();
    boolean ok = DemoTelemetry.cnDetects(cn, dataDir.resolve("cn"), out);
    post(us, setup.us(), TwoNodeSetup.OUTBOX, envelope(List.of(sighting())));
    err.println("accord demo: US-CERT's analyst recorded a sighting of one of CN's indicators in its outbox");
    err.println("accord demo: federating: US pulls CN's shared collection and pushes its outbox to CN ...");
    err.flush();
    ok &= federate(us, err);
    err.println("accord demo: US-CERT's sensor matches its own telemetry against what it holds, CN's included ...");
    err.flush();
    ok &= DemoTelemetry.usMatches(us, out) > 0;
    ok &= federate(us, err);

    out.println();
    out.println("Rulebook " + setup.rulebook().describe() + ", active on both nodes");
    ok &= reportCnToUs(cn, us, out);
    ok &= reportUsToCn(cn, out);
    ok &= new DemoCases(setup, cn, us, clock, out, err).run();
    ok &= new DemoHashes(setup, cn, us, out, err).run();
    ok &= reportLedgers(setup, cn, us, out);
    printTry(setup, cn, us, out);
    if (!ok) {
      err.println("accord demo: a check failed (see above)");
    }
    return ok;
  }

  static boolean federate(RunningNode us, PrintWriter err) {
    List<Federation.Outcome> outcomes = us.federate();
    outcomes.forEach(o -> err.println("accord demo:   " + describe(o)));
    err.flush();
    return outcomes.stream().noneMatch(o -> o instanceof Federation.Failed);
  }

  /** What CN's gate decided for US about every version in CN's shared collection, and what US holds. */
  private static boolean reportCnToUs(RunningNode cn, RunningNode us, PrintWriter out) {
    Map<String, List<String>> crossed = new TreeMap<>();
    List<String> withheld = new ArrayList<>();
    List<StoredObject> offered = StoreScan.allVersions(cn.store(), TwoNodeSetup.SHARED);
    for (StoredObject o : offered) {
      Decision d = cn.gate().decide(o, "us");
      if (d.released().isPresent()) {
        crossed.computeIfAbsent(d.clauseId() + (d instanceof Decision.Transform ? " (transformed)" : ""),
            k -> new ArrayList<>()).add(o.object().type());
      } else {
        withheld.add(String.format("  %-16s %-40s %s: %s", o.object().type(), label(o), d.clauseId(), d.reason()));
      }
    }
    long released = crossed.values().stream().mapToLong(List::size).sum();
    long held = StoreScan.allVersions(us.store(), TwoNodeSetup.FROM_CN).size();
    out.println();
    out.println("CN-CERT -> US-CERT: " + released + " of " + offered.size() + " object versions crossed");
    crossed.forEach((clause, types) -> out.println("  " + clause + ": " + summary(types)));
    out.println("Did not cross (" + withheld.size() + "), and why:");
    withheld.forEach(out::println);
    boolean ok = held == released;
    out.println((ok ? "OK " : "MISMATCH ") + "US-CERT holds " + held + " versions from CN-CERT, exactly what the gate"
        + " released" + (ok ? "" : " (expected " + released + ")"));
    return ok;
  }

  private static boolean reportUsToCn(RunningNode cn, PrintWriter out) {
    List<StoredObject> inbox = StoreScan.allVersions(cn.store(), TwoNodeSetup.INBOX);
    Map<String, List<String>> byOrigin = new TreeMap<>();
    boolean direct = true;
    for (StoredObject o : inbox) {
      Origin origin = o.origin();
      // Sent by US as its own: US is the originator, and the one hop is US's send to CN (issue 12, part 2).
      direct &= "us".equals(origin.party()) && "A1".equals(origin.agreement()) && origin.hops().size() == 1
          && origin.hops().get(0).from().equals("us") && origin.hops().get(0).to().equals("cn");
      String held = origin.isOwn()
          ? "own"
          : "received from " + origin.party() + " under " + origin.agreement() + " (chain "
              + Egress.describe(NodeGate.provenance(origin)) + ")";
      byOrigin.computeIfAbsent(held, k -> new ArrayList<>()).add(o.object().type());
    }
    out.println();
    out.println("US-CERT -> CN-CERT: " + inbox.size() + " object version(s) pushed (the analyst's sighting and the"
        + " sensor's)");
    byOrigin.forEach((origin, types) -> out.println("  " + summary(types) + ", held by CN as " + origin));
    return inbox.size() > 1 && direct;
  }

  private static boolean reportLedgers(TwoNodeSetup setup, RunningNode cn, RunningNode us, PrintWriter out)
      throws IOException {
    out.println();
    out.println("Ledgers");
    boolean ok = true;
    for (RunningNode node : List.of(cn, us)) {
      Verification v = LedgerVerifier.verify(Node.ledgerFile(node.config()), node.ledger().publicKey());
      out.println("  " + (v.ok() ? "OK     " : "BROKEN ") + node.config().party() + ": " + v.message());
      ok &= v.ok();
    }
    var peer = setup.cn().config().peer("us").orElseThrow();
    var party = setup.rulebook().rulebook().parties().get("us");
    Reconciliation r =
        Reconciliation.between(
            cn.ledger().entriesWith("us"), new PeerLedger(peer, party).entries(), "cn", "us");
    r.differences().forEach(d -> out.println("  " + d.problem() + " " + d.message()));
    out.println("  " + (r.agrees() ? "OK     " : "DISAGREE ") + "reconciliation cn <-> us: "
        + (r.agrees() ? "both ledgers record the same transfers" : r.differences().size() + " difference(s)")
        + (r.repeated().isEmpty() ? "" : ", " + r.repeated().size() + " interrupted transfer(s) repeated"));
    return ok && r.agrees();
  }

  private static String describe(Federation.Outcome o) {
    if (o instanceof Federation.Pulled p) {
      return "pulled from " + p.party() + ": " + p.result().received() + " received, " + p.result().added()
          + " new, " + p.result().rejected() + " refused";
    }
    if (o instanceof Federation.Pushed p) {
      return "pushed to " + p.party() + ": " + p.result().sent() + " accepted, " + p.result().withheld()
          + " withheld by the rulebook, " + p.result().refused() + " refused by the peer";
    }
    Federation.Failed f = (Federation.Failed) o;
    return "FAILED with " + f.party() + " (" + f.link() + "): " + f.error();
  }

  private static String label(StoredObject o) {
    JsonNode j = o.object().jsonView();
    String name = j.path("name").asText(j.path("value").asText(""));
    return name.length() > 40 ? name.substring(0, 37) + "..." : name;
  }

  private static String summary(List<String> types) {
    Map<String, Integer> counts = new TreeMap<>();
    types.forEach(t -> counts.merge(t, 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((t, n) -> parts.add(n + " " + t));
    return String.join(", ", parts);
  }

  private void printTry(TwoNodeSetup setup, RunningNode cn, RunningNode us, PrintWriter out) {
    String h = "-H 'Accept: " + MEDIA + "'";
    out.println();
    for (var pair : List.of(Map.entry(setup.cn(), cn), Map.entry(setup.us(), us))) {
      TwoNodeSetup.Side side = pair.getKey();
      String base = pair.getValue().baseUrl();
      String root = base + "/" + TwoNodeSetup.API_ROOT;
      out.println("Node " + side.config().name() + " (party " + side.party() + ") serves TAXII 2.1 at " + base
          + "/taxii2/");
      out.println("  user " + TwoNodeSetup.ANALYST + ", password " + side.analystPassword()
          + " (random for this run); configuration " + side.configFile());
      String u = "-u '" + TwoNodeSetup.ANALYST + ":" + side.analystPassword() + "'";
      String collection = side.party().equals("cn") ? "shared" : "from-cn";
      out.println("  curl -s " + u + " " + h + " " + base + "/taxii2/");
      out.println("  curl -s " + u + " " + h + " " + root + "/collections/");
      out.println("  curl -s " + u + " " + h + " '" + root + "/collections/" + collection + "/objects/?limit=5'");
    }
    String cnConfig = "--config " + setup.cn().configFile();
    out.println();
    out.println("Try the commands (the nodes keep running; these read their data):");
    out.println("  ./accord explain " + CN_INDICATOR + " --to us " + cnConfig);
    out.println("  ./accord export --collection shared --to us " + cnConfig);
    out.println("  ./accord ledger verify " + cnConfig);
    out.println("  ./accord ledger reconcile us " + cnConfig);
    out.println("  ./accord rules show " + cnConfig);
    out.println();
  }

  private JsonNode post(RunningNode node, TwoNodeSetup.Side side, String collection, ObjectNode body)
      throws IOException, InterruptedException {
    String url = node.baseUrl() + "/" + TwoNodeSetup.API_ROOT + "/collections/" + collection + "/objects/";
    String auth = (TwoNodeSetup.ANALYST + ":" + side.analystPassword());
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                auth.getBytes(StandardCharsets.UTF_8)))
            .header("Accept", MEDIA)
            .header("Content-Type", MEDIA)
            .POST(HttpRequest.BodyPublishers.ofByteArray(StixJson.mapper().writeValueAsBytes(body)))
            .build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IOException("posting to " + url + " failed: HTTP " + response.statusCode() + " "
          + response.body());
    }
    return StixJson.mapper().readTree(response.body());
  }

  static List<JsonNode> dataSet() throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(DATA_SET)) {
      if (in == null) {
        throw new IOException("the demo data set " + DATA_SET + " is missing from the jar");
      }
      List<JsonNode> objects = new ArrayList<>();
      StixJson.mapper().readTree(in).get("objects").forEach(objects::add);
      return objects;
    }
  }

  private static ObjectNode envelope(List<JsonNode> objects) {
    ObjectNode envelope = StixJson.mapper().createObjectNode();
    ArrayNode list = envelope.putArray("objects");
    objects.forEach(list::add);
    return envelope;
  }

  /** US-CERT saw CN's botnet C2 address in its own traffic: a sighting of CN's indicator, by US, TLP:AMBER. */
  private static ObjectNode sighting() {
    String now = org.accord.stix.Timestamps.format(Instant.now(), 3);
    ObjectNode s = StixJson.mapper().createObjectNode();
    s.put("type", "sighting");
    s.put("spec_version", "2.1");
    s.put("id", "sighting--" + UUID.randomUUID());
    s.put("created", now);
    s.put("modified", now);
    s.put("created_by_ref", "identity--2f0c7e51-6b1d-4e8a-a0c4-77d1b0c9e6f2");
    s.put("sighting_of_ref", CN_INDICATOR);
    s.put("count", 12);
    s.put("first_seen", now);
    s.put("last_seen", now);
    s.put("description", "US-CERT's own hosts talked to CN's botnet C2 server 198.51.100.23 twelve times: the"
        + " feedback that CN's indicator was seen in the US.");
    s.putArray("object_marking_refs").add("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82");
    return s;
  }

  /** Empties the demo's data directory so that every run starts from the same state. */
  private static void wipe(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
