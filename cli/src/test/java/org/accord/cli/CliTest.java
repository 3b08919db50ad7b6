package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.accord.stix.StixJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line end to end: real files, a real embedded store, a real node for the demo. */
class CliTest {
  @TempDir Path dir;

  /** Output of one command run. */
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static ObjectNode demoBundle() throws Exception {
    try (InputStream in = CliTest.class.getResourceAsStream(DemoCommand.DATA_SET)) {
      return (ObjectNode) StixJson.mapper().readTree(in);
    }
  }

  Path write(String name, JsonNode json) throws Exception {
    Path p = dir.resolve(name);
    Files.write(p, StixJson.mapper().writeValueAsBytes(json));
    return p;
  }

  @Test
  void helpListsEveryCommandAndExitsZero() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("serve", "demo", "import", "export", "validate", "passwd", "keys", "rules", "ledger", "Exit codes");
  }

  @Test
  void unknownOptionIsAUsageError() {
    assertThat(run("validate", "--no-such-option", "x").exit()).isEqualTo(Main.USAGE);
  }

  @Test
  void validateAcceptsTheDemoDataSet() throws Exception {
    Run r = run("validate", write("demo.json", demoBundle()).toString());
    assertThat(r.exit()).as(r.out()).isZero();
    assertThat(r.out()).contains("42 object(s): 42 valid, 0 invalid; 0 violation(s)");
  }

  @Test
  void validateReportsPathAndRuleAndExitsOne() throws Exception {
    ObjectNode bundle = demoBundle();
    ((ObjectNode) bundle.get("objects").get(3)).remove("created");
    Run r = run("validate", write("broken.json", bundle).toString());
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.out()).contains("$.objects[3].created").contains("required-property").contains("1 invalid");
  }

  @Test
  void validateOfAMissingFileIsAnIoFailure() {
    Run r = run("validate", dir.resolve("nope.json").toString());
    assertThat(r.exit()).isEqualTo(Main.FAILURE);
    assertThat(r.err()).contains("nope.json");
  }

  @Test
  void reimportOfChangedContentUnderTheSameModifiedIsReportedAsAConflict() throws Exception {
    ObjectNode bundle = demoBundle();
    String data = dir.resolve("data").toString();
    assertThat(run("import", "--data-dir", data, "-q", write("first.json", bundle).toString()).exit()).isZero();
    ObjectNode changed = (ObjectNode) bundle.get("objects").get(5);
    changed.put("description", "edited without a new modified");

    Run again = run("import", "--data-dir", data, "-q", write("again.json", bundle).toString());

    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(again.err())
        .contains("conflict " + changed.get("id").asText() + ": already present at the same modified")
        .contains("(0 new, 41 already present, 1 conflicting), 0 rejected");
  }

  @Test
  void importStoresValidObjectsReportsInvalidOnesAndExportGivesThemBack() throws Exception {
    ObjectNode bundle = demoBundle();
    ArrayNode objects = (ArrayNode) bundle.get("objects");
    ObjectNode broken = (ObjectNode) objects.get(5).deepCopy();
    broken.put("id", "indicator--not-a-uuid");
    objects.add(broken);
    Path file = write("import.json", bundle);
    String data = dir.resolve("data").toString();

    Run first = run("import", "--data-dir", data, "-q", file.toString());
    assertThat(first.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(first.err())
        .contains("rejected $.objects[42] (indicator--not-a-uuid)")
        .contains("43 read, 42 accepted (42 new, 0 already present, 0 conflicting), 1 rejected");

    Run again = run("import", "--data-dir", data, "-q", file.toString());
    assertThat(again.err()).contains("42 accepted (0 new, 42 already present, 0 conflicting), 1 rejected");

    Run export = run("export", "--data-dir", data, "--type", "indicator");
    assertThat(export.exit()).as(export.err()).isZero();
    JsonNode exported = StixJson.mapper().readTree(export.out());
    assertThat(exported.get("type").asText()).isEqualTo("bundle");
    List<String> types = new ArrayList<>();
    exported.get("objects").forEach(o -> types.add(o.get("type").asText()));
    assertThat(types).hasSize(8).containsOnly("indicator");

    Run all = run("export", "--data-dir", data, "--all-versions");
    JsonNode everything = StixJson.mapper().readTree(all.out());
    // 42 versions: 41 objects, one of which (the incident) has two versions
    assertThat(everything.get("objects")).hasSize(42);
    Run latest = run("export", "--data-dir", data);
    assertThat(StixJson.mapper().readTree(latest.out()).get("objects")).hasSize(41);
  }

  @Test
  void importOfJsonLinesSkipsAMalformedLineAndKeepsTheRest() throws Exception {
    ArrayNode objects = (ArrayNode) demoBundle().get("objects");
    StringBuilder lines = new StringBuilder();
    lines.append(objects.get(0)).append('\n').append("{\"type\": \"indicator\", oops\n").append(objects.get(1)).append('\n');
    Path file = dir.resolve("lines.jsonl");
    Files.writeString(file, lines);
    Run r = run("import", "--data-dir", dir.resolve("data").toString(), "-q", file.toString());
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("rejected line 2").contains("3 read, 2 accepted");
  }

  @Test
  void exportToAnUnknownCollectionIsAUsageErrorNamingTheKnownOnes() {
    Run r = run("export", "--data-dir", dir.resolve("data").toString(), "--collection", "nope");
    assertThat(r.exit()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("no collection with id or alias 'nope'").contains("default");
  }

  @Test
  void badConfigurationIsAConfigErrorNamingTheProblem() throws Exception {
    Path config = dir.resolve("accord.yaml");
    Files.writeString(config, "name: x\nporrt: 1\n");
    Run r = run("export", "--config", config.toString());
    assertThat(r.exit()).isEqualTo(Main.CONFIG_ERROR);
    assertThat(r.err()).contains("porrt");
  }

  @Test
  void demoServesTheDataSetAndItsPrintedCurlCommandsWork() throws Exception {
    Run r = run("demo", "--no-wait", "--port", "0", "--data-dir", dir.resolve("demo").toString());
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.err()).contains("42 objects, 42 stored, 0 failed");
    // What the rulebook let cross and why the rest did not, then the checks of the two nodes' stores and ledgers.
    assertThat(r.out())
        .contains("Rulebook cn-us-ddos-cooperation v1, active on both nodes")
        .containsPattern("CN-CERT -> US-CERT: \\d+ of \\d+ object versions crossed")
        // Steps 2-4 of the scenario: CN's sensor detects the DDoS on the bank, US's sensor sights CN's indicators.
        .containsPattern("detected a multi-vector DDoS on 198\\.51\\.100\\.10 within [0-2] s of its onset")
        // each of the four injected vectors, named with its own figures (issue 9, finding 8)
        .containsPattern("vector syn-flood \\(.*\\): peak \\d+ pps")
        .containsPattern("vector udp-flood \\(.*\\): peak \\d+ pps")
        .containsPattern("vector ntp-reflection \\(.*\\): peak \\d+ pps")
        .containsPattern("vector dns-reflection \\(.*\\): peak \\d+ pps")
        .containsPattern("[1-9]\\d* sightings of CN's indicators into its outbox")
        .doesNotContain("MISSED the attack")
        .doesNotContain("MISMATCH")
        .containsPattern("campaign .* default-deny: TLP:AMBER: no clause lets this node send campaign to us")
        .containsPattern("indicator .* nearest clause A1.S1: confidence is below 70")
        .contains("OK US-CERT holds")
        .containsPattern("\\d+ sighting, held by CN as received from us under A1")
        // Step 5: a preservation request answered with evidence, a second request's missed deadline escalated.
        .containsPattern("CN-CERT sent preservation request assistance-request--\\S+ to US-CERT under A1.O1,"
            + " concerning indicator--")
        .containsPattern("US-CERT received it through federation, its clock started under A1.O1, acknowledge by"
            + " \\S+Z, answer by \\S+Z")
        .containsPattern("US-CERT uploaded evidence flows.txt \\(\\d+ bytes, sha256 [0-9a-f]{16}\\.\\.\\.\\), \\d+"
            + " custody entries, and answered full")
        .containsPattern("OK CN-CERT sees request assistance-request--\\S+ answered-full after the next federation run")
        .containsPattern("CN-CERT sent subscriber-info request assistance-request--\\S+ to US-CERT under A1.O1")
        .contains("The demo moves both nodes' clock forward to 1 h past the answer deadline")
        .containsPattern("escalated by us: ledger entry \\d+ DEADLINE_MISSED answer due \\S+, clause A1.O1,"
            + " counterparty cn")
        .containsPattern("escalated by cn: ledger entry \\d+ DEADLINE_MISSED answer due \\S+, clause A1.O1,"
            + " counterparty us")
        .containsPattern("the answer deadline of assistance-request--\\S+ is missed \\(set by A1.O1\\)")
        .contains("Responsiveness (time to acknowledge and to answer, answers on time, open requests)")
        .contains("cn (as cn sees it): received no requests")
        .containsPattern("us \\(as cn sees it\\), preservation: 1 received, .* 1 on time, 0 late, share on time 100%")
        .containsPattern("us \\(as us sees it\\), subscriber-info: 1 received, .* 0 on time, 1 late, share on time 0%,"
            + " 1 open")
        // Step 6: US banks a clip as one video entry; CN sends an altered copy's frame hashes, which match it as a
        // video; the sighting goes back to US.
        .containsPattern("US-CERT banked a generated 8 s clip as one video entry \\(8 frame hashes with their times\\)"
            + " in 'Propaganda clips \\(demo\\)'")
        .contains("CN-CERT received the bank through federation (clause A1.S5): yes")
        .containsPattern("an altered copy of the whole clip \\(every frame mirrored, cropped 1 %, resized to 75 %,"
            + " JPEG 0.6\\), hashed by CN's platform and sent as 8 frame hashes: matches video 'demo clip \\(8 s\\)'"
            + " of us's bank, query share \\d+ %, indexed share \\d+ % \\(rulebook: at least 80 % and 80 %\\)")
        .containsPattern("CN-CERT reported the match as sighting--")
        .contains("the same alterations of an unrelated clip, sent from CN: no match")
        .containsPattern("US-CERT received CN's sighting of its entry \\(clause A1.S3\\): yes, sighting_of_ref"
            + " x-accord-hash-entry--")
        .containsPattern("OK +cn: \\d+ entries verified")
        .containsPattern("OK +us: \\d+ entries verified")
        .contains("reconciliation cn <-> us: both ledgers record the same transfers");
    // The node is stopped now (--no-wait); the printed commands must name the URL, the user and the password.
    Matcher m = Pattern.compile("curl -s -u '([^:]+):([^']+)' .* (http://127\\.0\\.0\\.1:\\d+/taxii2/)").matcher(r.out());
    assertThat(m.find()).as(r.out()).isTrue();
    assertThat(m.group(1)).isEqualTo("analyst");
    assertThat(m.group(2)).hasSizeGreaterThanOrEqualTo(16);
  }

  @Test
  void demoCurlCommandsWorkAgainstTheRunningNode() throws Exception {
    // Run the demo in the background as a user would, then paste its discovery command (as an HTTP request).
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    Thread demo =
        new Thread(
            () -> cl.execute("demo", "--port", "0", "--serve-seconds", "30", "--data-dir", dir.resolve("demo2").toString()));
    demo.setDaemon(true);
    demo.start();
    Matcher m = null;
    for (int i = 0; i < 600 && (m == null || !m.find()); i++) {
      Thread.sleep(100);
      m = Pattern.compile("curl -s -u '([^']+)' -H 'Accept: ([^']+)' '([^']+\\?limit=5)'").matcher(out.toString());
    }
    assertThat(m.find(0)).as("demo printed its commands").isTrue();
    String basic = java.util.Base64.getEncoder().encodeToString(m.group(1).getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(m.group(3)))
                    .header("Authorization", "Basic " + basic)
                    .header("Accept", m.group(2))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode page = StixJson.mapper().readTree(response.body());
    assertThat(page.get("objects")).hasSize(5);
    assertThat(page.get("more").asBoolean()).isTrue();
    assertThat(page.get("next").asText()).isNotEmpty();

    // The printed commands work while the nodes run: explain a decision, reconcile with the peer over HTTP.
    Matcher explain = Pattern.compile("\\./accord (explain .*)").matcher(out.toString());
    assertThat(explain.find()).isTrue();
    Run explained = run(explain.group(1).trim().split(" "));
    assertThat(explained.exit()).as(explained.err()).isZero();
    assertThat(explained.out()).contains("rulebook cn-us-ddos-cooperation v1").contains("TRANSFORM A1.S1: TLP:AMBER");
    Matcher reconcile = Pattern.compile("\\./accord (ledger reconcile .*)").matcher(out.toString());
    assertThat(reconcile.find()).isTrue();
    Run reconciled = run(reconcile.group(1).trim().split(" "));
    assertThat(reconciled.exit()).as(reconciled.out() + reconciled.err()).isZero();
    assertThat(reconciled.out()).contains("OK cn and us agree");
    demo.join(60_000); // the demo stops its nodes after --serve-seconds, before the data directory goes
    assertThat(demo.isAlive()).isFalse();
  }
}
