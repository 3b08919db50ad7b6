package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What must survive a restart: stored objects, status resources and the next-token secret. */
class NodeLifecycleTest {
  @TempDir Path dataDir;

  @Test
  void statusObjectsAndNextTokensSurviveARestart() throws IOException {
    SpecClient alice = new SpecClient("alice", TestNode.PASSWORD);
    String statusId;
    String next;
    TestNode first = TestNode.restart(dataDir);
    try {
      String intel = first.baseUrl() + "/accord/collections/intel/";
      String objects =
          NodeBadInputsTest.indicator(UUID.randomUUID(), "2016-01-01T00:00:00.000Z")
              + "," + NodeBadInputsTest.indicator(UUID.randomUUID(), "2016-01-01T00:00:00.000Z");
      statusId = alice.parse(alice.post(intel, "{\"objects\":[" + objects + "]}").body()).get("id").asText();
      next = alice.getOk(intel + "objects/?limit=1").get("next").asText();
    } finally {
      first.stop();
    }

    Path secret = dataDir.resolve(NodeSecret.FILE_NAME);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");

    try (TestNode second = TestNode.restart(dataDir)) {
      String apiRoot = second.baseUrl() + "/accord/";
      JsonNode status = alice.getOk(apiRoot + "status/" + statusId + "/");
      assertThat(status.get("success_count").asInt()).isEqualTo(2);
      JsonNode page = alice.getOk(apiRoot + "collections/intel/objects/?limit=1&next=" + SpecClient.enc(next));
      assertThat(page.get("objects")).hasSize(1);
      assertThat(page.get("more").asBoolean()).isFalse();
    }
  }

  @Test
  void nodeStartsWithNoConfigurationFileAtAll() {
    NodeConfig config =
        NodeConfigReader.read(dataDir.resolve("absent.yaml")).withPort(0).withDataDir(dataDir.resolve("data"));
    try (RunningNode node = Node.start(config)) {
      assertThat(node.port()).isPositive();
      assertThat(node.baseUrl()).isEqualTo("http://127.0.0.1:" + node.port());
      assertThat(node.store().collections()).hasSize(1);
      assertThat(node.store().collections().get(0).alias()).isEqualTo("default");
      // No users are configured, so the door is shut.
      SpecClient anyone = new SpecClient("alice", "x");
      assertThat(anyone.send(anyone.request(node.baseUrl() + "/taxii2/").GET().build()).statusCode()).isEqualTo(401);
    }
  }
}
