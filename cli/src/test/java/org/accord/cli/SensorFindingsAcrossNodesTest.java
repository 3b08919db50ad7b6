package org.accord.cli;

import static org.accord.cli.TwoNodeHttp.MEDIA;
import static org.accord.cli.TwoNodeHttp.json;
import static org.accord.cli.TwoNodeHttp.usNodeAtCn;
import static org.accord.cli.TestObjects.CN_IDENTITY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.accord.node.Node;
import org.accord.node.RunningNode;
import org.accord.stix.AccordExtension;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.accord.stix.ValidationReport;
import org.accord.stix.Validator;
import org.accord.store.ObjectQuery;
import org.accord.store.VersionMatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, finding 10, end to end: CN's sensor reports the demo's DDoS on the bank with Accord's property extension
 * and its extension definition; US reads CN's collection over real HTTP under the demo's rulebook. What US receives
 * is valid STIX without Accord's data (the clauses strip custom properties, and the extension with them), never
 * Accord's fixed objects (every node holds its own), and an object an earlier version stored with {@code x_accord_*}
 * properties is still served like the rest.
 */
class SensorFindingsAcrossNodesTest {
  @TempDir Path dir;
  private TwoNodeSetup setup;
  private RunningNode cn;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    setup = TwoNodeSetup.prepare(dir, 0, 0, 0, 100);
    cn = Node.start(setup.cn().config());
  }

  @AfterEach
  void stop() {
    cn.close();
  }

  @Test
  void usReceivesCnsSensorFindingsAsValidStixWithoutAccordsFixedObjectsOrData() throws Exception {
    Path work = Files.createDirectories(dir.resolve("cn-work"));
    assertThat(DemoTelemetry.cnDetects(cn, work, new PrintWriter(new StringWriter()))).isTrue();
    List<String> held = new ArrayList<>();
    ObjectQuery fixed = new ObjectQuery(Optional.empty(), 10, Optional.empty(),
        Set.of(AccordExtension.ID, AccordExtension.IDENTITY_ID), Set.of(), VersionMatch.LAST, Set.of());
    cn.store().objects(TwoNodeSetup.SHARED, fixed).items().forEach(o -> held.add(o.object().id()));
    assertThat(held).as("CN holds what its sensor published")
        .containsExactlyInAnyOrder(AccordExtension.ID, AccordExtension.IDENTITY_ID);
    ObjectNode legacy = TestObjects.indicator(CN_IDENTITY, Tlp.AMBER, 80, "203.0.113.77");
    legacy.put("description", "Stored by an earlier version of Accord, with its custom properties.");
    legacy.putArray(AccordExtension.LEGACY_SECTORS).add("finance");
    legacy.putArray(AccordExtension.LEGACY_EVIDENCE).addObject().put("vector", "syn-flood").put("packets", 10);
    cn.store().add(TwoNodeSetup.SHARED, List.of(StixObject.of(legacy)));

    List<JsonNode> received = readAllAsUs();

    assertThat(received).extracting(o -> o.get("type").asText()).contains("incident", "indicator");
    assertThat(received).extracting(o -> o.get("id").asText()).contains(legacy.get("id").asText())
        .doesNotContain(AccordExtension.ID, AccordExtension.IDENTITY_ID);
    Validator validator = new Validator();
    for (JsonNode o : received) {
      assertThat(o.toString()).doesNotContain("x_accord").doesNotContain(AccordExtension.ID);
      ValidationReport r = validator.validate(o);
      assertThat(r.violations()).as(o.toString()).isEmpty();
    }
  }

  private List<JsonNode> readAllAsUs() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    String next = null;
    do {
      String route = "objects/?limit=100" + (next == null ? "" : "&next=" + URLEncoder.encode(next,
          StandardCharsets.UTF_8));
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(URI.create(cn.baseUrl() + "/accord/collections/shared/" + route))
              .header("Authorization", usNodeAtCn(setup)).header("Accept", MEDIA).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode page = json(r);
      page.path("objects").forEach(out::add);
      next = page.path("more").asBoolean() ? page.get("next").asText() : null;
    } while (next != null);
    return out;
  }
}
