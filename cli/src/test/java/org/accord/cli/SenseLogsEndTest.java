package org.accord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.accord.stix.StixJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, finding 7, end to end: {@code accord sense replay --log ssh} of LogHub's real LabSZ auth log (the sensor's
 * test resource, see sensor/src/test/resources/logs/README.md) stores incidents whose stored version says they
 * ended: the ten-minute brute force from 183.62.140.253's first attempt (10:54:27) to its last failure (11:04:43), not
 * "ongoing" with a one-minute end. An invalid user's attempt counts once (its "Invalid user" and first "Failed ... for
 * invalid user" lines are one attempt), so 103.99.0.122, whose lines are mostly such pairs, stays under the
 * threshold. (The sensor's LogAttacksTest computes these figures from the file.)
 */
class SenseLogsEndTest {
  @TempDir Path dir;

  @Test
  void aReplayedSshLogStoresTheFinalVersionOfEveryBruteForce() throws Exception {
    Path log = Path.of("../sensor/src/test/resources/logs/loghub-OpenSSH_2k.log").toAbsolutePath().normalize();
    String data = dir.resolve("data").toString();
    CliTest.Run replay = CliTest.run("sense", "replay", "--data-dir", data, "--log", "ssh", "--year", "2015",
        log.toString());
    assertThat(replay.exit()).as(replay.err()).isZero();
    CliTest.Run exported = CliTest.run("export", "--data-dir", data, "--type", "incident");
    assertThat(exported.exit()).as(exported.err()).isZero();

    JsonNode incidents = StixJson.mapper().readTree(exported.out()).get("objects");
    assertThat(incidents).isNotEmpty();
    for (JsonNode incident : incidents) {
      assertThat(incident.findValue("ongoing").asBoolean()).as("stored %s", incident.get("name")).isFalse();
    }
    assertThat(incidents).anySatisfy(i -> {
      assertThat(i.findValue("start").asText()).isEqualTo("2015-12-10T10:54:27.000Z");
      assertThat(i.findValue("end").asText()).isEqualTo("2015-12-10T11:04:43.000Z");
      assertThat(i.get("description").asText()).contains("(616 s)");
    });
  }
}
