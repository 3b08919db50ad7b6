package org.accord.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.accord.sensor.decode.AccessLogDecoder;
import org.accord.sensor.detect.Attack;
import org.accord.sensor.detect.DetectorConfig;
import org.accord.sensor.detect.Detectors;
import org.accord.sensor.enrich.AssetLookup;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.index.AddResult;
import org.accord.sensor.index.IndicatorIndex;
import org.accord.sensor.output.OutputSettings;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, finding 7: web access logs. URL indicators match the requests of an access log, and the web detectors
 * (HTTP flood, web scan, credential stuffing) find what web logs show, from their first to their last request. A
 * real day of a public web server's log (elastic/examples' apache_logs, src/test/resources/logs/README.md) raises
 * nothing with the defaults; crafted lines cover the edges.
 */
class WebLogTest {
  private static final String LOG = "elastic-apache_logs-2015-05-18.log";
  private static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final long T0 = Instant.parse("2026-03-03T14:00:00Z").toEpochMilli();

  /** The sensor, on the real detectors and an indicator index, fed lines of a host's access log. */
  private static final class Web {
    final IndicatorIndex index = new IndicatorIndex(Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"),
        ZoneOffset.UTC));
    final List<ObjectNode> objects = new ArrayList<>();
    final Sensor sensor;
    final AccessLogDecoder decoder;

    Web(DetectorConfig config, String host, int port) {
      Detectors detectors = new Detectors(config, AssetLookup.NONE, GeoLookup.NONE, "CN");
      sensor = new Sensor(Sensor.Matcher.of(index), AssetLookup.NONE, Sensor.Detection.of(detectors),
          new OutputSettings(LogAttacksTest.IDENTITY, Tlp.AMBER, 60_000, "CN"), objects::addAll);
      decoder = new AccessLogDecoder(host, port);
    }

    Web indicator(String id, String pattern) {
      ObjectNode o = StixJson.mapper().createObjectNode();
      o.put("type", "indicator");
      o.put("spec_version", "2.1");
      o.put("id", id);
      o.put("created", "2026-01-01T00:00:00.000Z");
      o.put("modified", "2026-01-01T00:00:00.000Z");
      o.put("pattern", pattern);
      o.put("pattern_type", "stix");
      o.put("valid_from", "2026-01-01T00:00:00Z");
      assertThat(index.add(StixObject.adopt(o))).as(pattern).isInstanceOf(AddResult.Indexed.class);
      return this;
    }

    void line(String line) {
      byte[] b = line.getBytes(StandardCharsets.UTF_8);
      decoder.decode(b, 0, b.length, sensor::event);
    }

    void request(long t, String client, String method, String path, int status) {
      line(client + " - - [" + CLF.format(Instant.ofEpochMilli(t)) + "] \"" + method + " " + path
          + " HTTP/1.1\" " + status + " 512 \"-\" \"test/1\"");
    }

    List<Attack> finish() {
      sensor.finish();
      return sensor.attacks();
    }

    List<String> sightedIndicators() {
      return objects.stream().filter(o -> o.get("type").asText().equals("sighting"))
          .map(o -> o.get("sighting_of_ref").asText()).toList();
    }
  }

  private static Attack only(List<Attack> attacks, Attack.Kind kind) {
    assertThat(attacks).extracting(Attack::kind).containsExactly(kind);
    assertThat(attacks.get(0).ongoing()).isFalse();
    return attacks.get(0);
  }

  @Test
  void aRequestLineMatchesTheUrlIndicatorOnItsHostAndPathWithTheDocumentedNormalisations() {
    String wp = "indicator--00000000-0000-4000-8000-000000000001";
    String https = "indicator--00000000-0000-4000-8000-000000000002";
    String real = "indicator--00000000-0000-4000-8000-000000000003";
    Web web = new Web(DetectorConfig.defaults(), "Example.ORG", 80)
        .indicator(wp, "[url:value = 'http://example.org/wp-login.php']")
        .indicator(https, "[url:value = 'https://shop.example.org/cart']");
    web.request(T0, "203.0.113.7", "GET", "/wp-login.php", 200); // host case, http
    web.request(T0 + 1, "203.0.113.7", "POST", "/wp-login.php?redirect_to=%2Fwp-admin", 302); // query dropped
    web.request(T0 + 2, "203.0.113.7", "GET", "/WP-LOGIN.php", 404); // the path is case-sensitive
    web.request(T0 + 3, "203.0.113.7", "GET", "/wp-login.php.bak", 404);
    web.request(T0 + 4, "203.0.113.7", "GET", "http://example.org/wp-login.php", 200); // absolute form
    // vhost_combined names the host and port per line; port 443 tries https first, a TLS proxy's 80 both.
    web.line("shop.example.org:443 198.51.100.9 - - [" + CLF.format(Instant.ofEpochMilli(T0 + 5))
        + "] \"GET /cart HTTP/2.0\" 200 100 \"-\" \"test/1\"");
    web.line("shop.example.org:80 198.51.100.9 - - [" + CLF.format(Instant.ofEpochMilli(T0 + 6))
        + "] \"GET /cart HTTP/1.1\" 200 100 \"-\" \"test/1\"");
    web.line("shop.example.org:8443 198.51.100.9 - - [" + CLF.format(Instant.ofEpochMilli(T0 + 7))
        + "] \"GET /cart HTTP/1.1\" 200 100 \"-\" \"test/1\""); // another port: another URL
    web.finish();
    assertThat(web.sensor.stats().matches()).isEqualTo(3 + 2);
    assertThat(web.sightedIndicators()).containsOnly(wp, https);
  }

  @Test
  void theRealLogsRequestsMatchAUrlIndicatorOnTheServersHost() throws IOException {
    String real = "indicator--00000000-0000-4000-8000-000000000003";
    Web web = new Web(DetectorConfig.defaults(), "www.semicomplete.com", 80) // the host its referers name
        .indicator(real, "[url:value = 'http://www.semicomplete.com/reset.css']");
    List<String> lines = Files.readAllLines(LogAttacksTest.resource(LOG));
    lines.forEach(web::line);
    web.finish();
    long expected = lines.stream().filter(l -> l.contains("\"GET /reset.css ")
        || l.contains("\"GET /reset.css?")).count(); // grep -c '"GET /reset.css[ ?]'
    assertThat(expected).isGreaterThan(10);
    assertThat(web.sensor.stats().matches()).isEqualTo(expected);
    assertThat(web.sightedIndicators()).containsOnly(real);
  }

  @Test
  void anOrdinaryDayOfARealWebServerRaisesNoWebAttack() throws IOException {
    Web web = new Web(DetectorConfig.defaults(), "www.semicomplete.com", 80);
    for (String line : Files.readAllLines(LogAttacksTest.resource(LOG))) {
      web.line(line);
    }
    assertThat(web.decoder.stats().snapshot().malformed()).isZero();
    assertThat(web.finish()).isEmpty();
  }

  @Test
  void theBusiestClientOfTheRealLogIsAnHttpFloodUnderALowThresholdFromItsFirstToItsLastRequest() throws IOException {
    DetectorConfig config = DetectorConfig.builder().webClientRequests(100).build();
    Web web = new Web(config, "www.semicomplete.com", 80);
    List<String> lines = Files.readAllLines(LogAttacksTest.resource(LOG));
    lines.forEach(web::line);
    // Independently: each client's request times, sorted (within an hour the sample's lines are not in time order),
    // and its runs over 100 in a minute.
    Pattern clf = Pattern.compile("^(\\S+) \\S+ \\S+ \\[([^\\]]+)\\]");
    Map<String, List<Long>> times = new TreeMap<>();
    for (String line : lines) {
      Matcher m = clf.matcher(line);
      assertThat(m.find()).isTrue();
      times.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Instant.from(CLF.parse(m.group(2))).toEpochMilli());
    }
    Map<String, List<long[]>> floods = new TreeMap<>();
    times.values().forEach(t -> t.sort(null));
    times.forEach((client, t) -> {
      List<long[]> runs = LogAttacksTest.attackingRuns(t, 100, config.webWindowMillis());
      if (!runs.isEmpty()) {
        floods.put(client, runs);
      }
    });
    assertThat(floods).as("75.97.9.59 made 108 requests from 08:05:00 to 08:05:59").containsOnlyKeys("75.97.9.59");
    long[] run = floods.get("75.97.9.59").get(0);

    Attack a = only(web.finish(), Attack.Kind.HTTP_FLOOD);
    assertThat(a.target()).isEqualTo("www.semicomplete.com");
    assertThat(a.startMillis()).isEqualTo(run[0]);
    assertThat(a.endMillis()).isEqualTo(run[1]);
    assertThat(a.topSources()).extracting(Attack.Source::address).containsExactly("75.97.9.59");
    assertThat(a.topSources().get(0).packets()).isEqualTo(108);
  }

  @Test
  void aClientAskingForManyPathsThatAreNotThereIsAWebScanButAUserWithSomeBrokenLinksIsNot() {
    Web web = new Web(DetectorConfig.defaults(), "example.org", 443);
    for (int i = 0; i < 60; i++) { // a wordlist: 60 paths in 30 s, mostly 404, some 403
      web.request(T0 + 500L * i, "203.0.113.50", "GET", "/" + List.of("admin", "backup", ".git", "wp-admin")
          .get(i % 4) + "/f" + i + ".php?x=" + i, i % 10 == 0 ? 403 : 404);
    }
    for (int i = 0; i < 30; i++) { // a reader with broken links: 30 distinct 404s in the same minute
      web.request(T0 + 1000L * i, "198.51.100.20", "GET", "/old/page" + i + ".html", 404);
    }
    for (int i = 0; i < 70; i++) { // an API client asking 70 resources it may not see: 401 means "log in", not absent
      web.request(T0 + 700L * i, "198.51.100.21", "GET", "/api/item/" + i, 401);
    }
    for (int i = 0; i < 70; i++) { // one path asked 70 times with varying queries is one path
      web.request(T0 + 700L * i, "198.51.100.22", "GET", "/missing.png?v=" + i, 404);
    }
    Attack a = only(web.finish(), Attack.Kind.WEB_SCAN);
    assertThat(a.topSources()).extracting(Attack.Source::address).containsExactly("203.0.113.50");
    assertThat(a.startMillis()).isEqualTo(T0 / 1000 * 1000);
    assertThat(a.endMillis()).isEqualTo((T0 + 500L * 59) / 1000 * 1000); // the log's times are whole seconds
    assertThat(a.detail()).contains("distinct paths answered 4xx");
  }

  @Test
  void manyLoginPostsFromOneClientOrManyFailedLoginsFromManyClientsAreCredentialStuffing() {
    Web web = new Web(DetectorConfig.defaults(), "blog.example.org", 80);
    for (int i = 0; i < 25; i++) { // WordPress answers a failed login with 200 and the form again
      web.request(T0 + 2_000L * i, "192.0.2.66", "POST", "/wp-login.php", 200);
    }
    for (int i = 0; i < 3; i++) { // a user who mistyped twice, then got in (302 to the dashboard)
      web.request(T0 + 10_000L * i, "198.51.100.30", "POST", "/blog/wp-login.php", i < 2 ? 200 : 302);
    }
    for (int i = 0; i < 40; i++) { // many GETs of the login page are no login attempts
      web.request(T0 + 1_000L * i, "198.51.100.31", "GET", "/wp-login.php", 200);
    }
    List<Attack> one = web.finish();
    Attack a = only(one, Attack.Kind.CREDENTIAL_STUFFING);
    assertThat(a.topSources()).extracting(Attack.Source::address).containsExactly("192.0.2.66");
    assertThat(a.startMillis()).isEqualTo(T0);
    assertThat(a.endMillis()).isEqualTo(T0 + 48_000);

    // Spread out: 250 clients, one failed login (401) each, within 50 s: counted, never named.
    Web spread = new Web(DetectorConfig.defaults(), "api.example.org", 443);
    for (int i = 0; i < 250; i++) {
      spread.request(T0 + 200L * i, "100.64." + i / 200 + "." + i % 200, "POST", "/api/login/", 401);
    }
    Attack b = only(spread.finish(), Attack.Kind.CREDENTIAL_STUFFING);
    assertThat(b.topSources()).isEmpty();
    assertThat(b.sources()).isBetween(240L, 260L);
    assertThat(b.startMillis()).isEqualTo(T0);
    assertThat(b.endMillis()).isEqualTo((T0 + 200L * 249) / 1000 * 1000);
    assertThat(spread.objects).noneMatch(o -> o.get("type").asText().equals("indicator"));
  }

  @Test
  void aFloodOfOnePathNamesNoClientButAFloodingClientIsNamed() {
    Web web = new Web(DetectorConfig.defaults(), "news.example.org", 80);
    for (int i = 0; i < 3_500; i++) { // 700 clients, 5 requests each, to /search within 35 s
      web.request(T0 + 10L * i, "100.65." + (i % 700) / 250 + "." + (i % 700) % 250, "GET", "/search?q=" + i, 200);
    }
    for (int i = 0; i < 650; i++) { // and one client hammering the home page
      web.request(T0 + 50L * i, "192.0.2.99", "GET", "/", 200);
    }
    Attack a = only(web.finish(), Attack.Kind.HTTP_FLOOD);
    assertThat(a.topSources()).extracting(Attack.Source::address).containsExactly("192.0.2.99");
    assertThat(a.detail()).contains("requests to one path").contains("/search").contains("requests from one client");
    assertThat(a.sources()).isGreaterThan(650L);
    assertThat(a.startMillis()).isEqualTo(T0);
  }

  @Test
  void aFloodOfAPathThatIsAlwaysAskedForStartsWithTheBurstNotWithTheDaysFirstRequest() {
    Web web = new Web(DetectorConfig.defaults(), "news.example.org", 80);
    long burst = T0 + 2 * 3_600_000L;
    for (long t = T0; t < burst; t += 2_000) { // two hours of readers, one request every 2 s
      web.request(t, "100.66.0." + (t / 2_000 % 200), "GET", "/", 200);
    }
    for (int i = 0; i < 4_000; i++) { // then 4,000 requests in 40 s from 1,000 clients
      web.request(burst + 10L * i, "100.67." + (i % 1_000) / 250 + "." + (i % 1_000) % 250, "GET", "/", 200);
    }
    Attack a = only(web.finish(), Attack.Kind.HTTP_FLOOD);
    assertThat(a.startMillis()).isBetween(burst - 60_000, burst);
    assertThat(a.endMillis()).isEqualTo((burst + 10L * 3_999) / 1000 * 1000);
    assertThat(a.topSources()).isEmpty();
  }
}
