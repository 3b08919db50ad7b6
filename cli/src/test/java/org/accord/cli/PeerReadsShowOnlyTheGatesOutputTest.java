package org.accord.cli;

import static org.accord.cli.TwoNodeHttp.MEDIA;
import static org.accord.cli.TwoNodeHttp.json;
import static org.accord.cli.TwoNodeHttp.analyst;
import static org.accord.cli.TwoNodeHttp.usNodeAtCn;
import static org.accord.cli.TestObjects.CN_IDENTITY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.accord.node.Node;
import org.accord.node.RunningNode;
import org.accord.stix.ScoIds;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, findings 3 and 4, end to end: CN's node under the demo's rulebook, US's node reading over real HTTP.
 * Each test replays one attack from the issue; what US observes is the gate's output and nothing about what it
 * withholds (A1.S1 releases GREEN indicators of confidence 70 and more, A1.S2 private addresses pseudonymised, and
 * nothing releases TLP:RED).
 */
class PeerReadsShowOnlyTheGatesOutputTest {
  private static final String UNKNOWN_INDICATOR = "indicator--00000000-0000-4000-8000-00000000dead";

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
  void theManifestNeverNamesThePrivateAddressAPseudonymHides() throws Exception {
    ObjectNode address = privateAddress("10.20.30.40");
    String original = address.get("id").asText();
    add(address);

    String manifest = get("manifest/", usNodeAtCn(setup)).body();
    JsonNode released = json(get("objects/", usNodeAtCn(setup))).get("objects").get(0);
    String pseudonym = released.get("id").asText();
    assertThat(released.get("value").asText()).isNotEqualTo("10.20.30.40");
    assertThat(pseudonym).isNotEqualTo(original)
        .isEqualTo(ScoIds.deterministicId((ObjectNode) released).orElseThrow());
    assertThat(manifest).doesNotContain(original).contains(pseudonym);
    // A guessed address no longer confirms offline: its UUIDv5 id is nowhere in what US receives.
    assertThat(get("objects/?match[version]=all", usNodeAtCn(setup)).body()).doesNotContain(original);
  }

  @Test
  void theOriginalIdOfAPseudonymisedAddressIsAnsweredAsAnUnknownId() throws Exception {
    ObjectNode address = privateAddress("10.20.30.41");
    String original = address.get("id").asText();
    String unknown = privateAddress("10.20.30.99").get("id").asText();
    add(address);

    for (String route : List.of("objects/%s/", "objects/%s/versions/", "objects/?match[id]=%s",
        "manifest/?match[id]=%s")) {
      HttpResponse<String> probe = get(route.formatted(original), usNodeAtCn(setup));
      HttpResponse<String> control = get(route.formatted(unknown), usNodeAtCn(setup));
      assertThat(probe.statusCode()).as(route).isEqualTo(control.statusCode());
      assertThat(normal(probe.body(), original)).as(route).isEqualTo(normal(control.body(), unknown));
    }
  }

  @Test
  void aWithheldIdInMatchIdDoesNotTurnMoreOn() throws Exception {
    ObjectNode red = indicator(Tlp.RED);
    ObjectNode green = indicator(Tlp.GREEN);
    add(red);
    add(green);
    String query = "objects/?limit=1&match[id]=%s," + green.get("id").asText();

    HttpResponse<String> probe = get(query.formatted(red.get("id").asText()), usNodeAtCn(setup));
    HttpResponse<String> control = get(query.formatted(UNKNOWN_INDICATOR), usNodeAtCn(setup));
    assertThat(json(probe).get("more").asBoolean()).isFalse();
    assertThat(json(probe).get("objects")).hasSize(1);
    assertThat(probe.body()).isEqualTo(control.body());
  }

  @Test
  void aLimitOneWalkCountsOnlyWhatUsMayReceive() throws Exception {
    List<String> released = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ObjectNode o = indicator(i % 3 == 1 ? Tlp.GREEN : Tlp.RED);
      add(o);
      if (i % 3 == 1) {
        released.add(o.get("id").asText());
      }
    }
    List<String> seen = new ArrayList<>();
    int pages = 0;
    String next = null;
    do {
      JsonNode page = json(get("objects/?limit=1" + (next == null ? "" : "&next=" + enc(next)), usNodeAtCn(setup)));
      page.path("objects").forEach(o -> seen.add(o.get("id").asText()));
      next = page.path("more").asBoolean() ? page.get("next").asText() : null;
      pages++;
    } while (next != null);
    assertThat(seen).containsExactlyElementsOf(released);
    assertThat(pages).isEqualTo(released.size());
  }

  @Test
  void theVersionsOfAWithheldObjectAreNotFoundWhateverTheLimit() throws Exception {
    ObjectNode red = indicator(Tlp.RED);
    add(red);
    ObjectNode newer = red.deepCopy();
    newer.put("modified", "2099-01-01T00:00:00.000Z");
    add(newer);
    String id = red.get("id").asText();

    for (String route : List.of("objects/%s/versions/?limit=1", "objects/%s/versions/", "objects/%s/?limit=1",
        "objects/%s/?match[version]=all&limit=1")) {
      HttpResponse<String> probe = get(route.formatted(id), usNodeAtCn(setup));
      HttpResponse<String> control = get(route.formatted(UNKNOWN_INDICATOR), usNodeAtCn(setup));
      assertThat(probe.statusCode()).as(route).isEqualTo(404);
      assertThat(normal(probe.body(), id)).isEqualTo(normal(control.body(), UNKNOWN_INDICATOR));
    }
    assertThat(get("objects/" + id + "/versions/?limit=1", analyst(setup.cn())).statusCode()).isEqualTo(200);
  }

  // ---- helpers ------------------------------------------------------------------------------------------------

  private void add(ObjectNode o) {
    cn.store().add(TwoNodeSetup.SHARED, List.of(StixObject.of(o)));
  }

  private static ObjectNode indicator(Tlp tlp) {
    return TestObjects.indicator(CN_IDENTITY, tlp, 80, "203.0.113.9");
  }

  /** An address in a private range, GREEN, with its deterministic id (STIX 2.1 §2.9). */
  private static ObjectNode privateAddress(String value) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", "ipv4-addr");
    o.put("spec_version", "2.1");
    o.put("value", value);
    o.put("id", ScoIds.deterministicId(o).orElseThrow());
    o.putArray("object_marking_refs").add(Tlp.GREEN.v2MarkingId());
    return o;
  }

  /** The body with the asked id and the random error_id blanked out. */
  private static String normal(String body, String id) {
    return body.replace(id, "ID").replaceAll("\"error_id\":\"[^\"]*\"", "\"error_id\":\"\"");
  }




  private HttpResponse<String> get(String route, String auth) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(cn.baseUrl() + "/accord/collections/shared/" + route))
            .header("Authorization", auth).header("Accept", MEDIA).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }


  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
