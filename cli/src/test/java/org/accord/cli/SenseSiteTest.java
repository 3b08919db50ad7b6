package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.accord.stix.StixJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sense replay --log access --site HOST}: a plain combined-format access log names no host, so its requests
 * match URL indicators only when the operator says whose log it is (issue 9, finding 7).
 */
class SenseSiteTest {
  private static final String INDICATOR = """
      {"type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": [
       {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
        "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z",
        "name": "WordPress login brute force", "pattern_type": "stix",
        "pattern": "[url:value = 'http://www.example.org/wp-login.php']", "valid_from": "2026-01-01T00:00:00Z"}]}
      """;
  private static final String LOG = """
      203.0.113.9 - - [01/Dec/2026:10:00:00 +0000] "POST /wp-login.php HTTP/1.1" 200 512 "-" "curl/8"
      203.0.113.9 - - [01/Dec/2026:10:00:01 +0000] "POST /wp-login.php HTTP/1.1" 200 512 "-" "curl/8"
      198.51.100.4 - - [01/Dec/2026:10:00:02 +0000] "GET /index.html HTTP/1.1" 200 2048 "-" "Firefox"
      """;

  @TempDir Path dir;

  @Test
  void aPlainAccessLogMatchesUrlIndicatorsOnTheSiteTheOperatorNames() throws Exception {
    String data = dir.resolve("data").toString();
    Path bundle = Files.writeString(dir.resolve("indicator.json"), INDICATOR);
    Path log = Files.writeString(dir.resolve("access.log"), LOG);
    assertThat(CliTest.run("import", "--data-dir", data, "-q", bundle.toString()).exit()).isZero();

    CliTest.Run without = CliTest.run("sense", "replay", "--data-dir", data, "--log", "access", log.toString());
    assertThat(without.exit()).as(without.err()).isZero();
    assertThat(sightings(data)).isZero();

    CliTest.Run with = CliTest.run("sense", "replay", "--data-dir", data, "--log", "access", "--site",
        "WWW.example.org", log.toString());
    assertThat(with.exit()).as(with.err()).isZero();
    assertThat(sightings(data)).isEqualTo(1);
  }

  @Test
  void aSiteThatIsNotHostOrHostAndPortIsAUsageError() throws Exception {
    Path log = Files.writeString(dir.resolve("access.log"), LOG);
    CliTest.Run r = CliTest.run("sense", "replay", "--data-dir", dir.resolve("data").toString(), "--log", "access",
        "--site", "www.example.org:http", log.toString());
    assertThat(r.exit()).isEqualTo(Main.USAGE);
    assertThat(r.err()).contains("--site must be HOST or HOST:PORT");
  }

  private static long sightings(String data) throws Exception {
    CliTest.Run export = CliTest.run("export", "--data-dir", data, "--type", "sighting");
    assertThat(export.exit()).as(export.err()).isZero();
    JsonNode objects = StixJson.mapper().readTree(export.out()).get("objects");
    return objects == null ? 0 : objects.size();
  }
}
