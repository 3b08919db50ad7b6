package org.accord.taxii.server;

import static org.accord.taxii.server.TestServer.INTEL;
import static org.accord.taxii.server.TestServer.envelope;
import static org.accord.taxii.server.TestServer.indicator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.UUID;
import org.accord.stix.StixObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the outbound filter hands back is what leaves: a transformed copy replaces the stored object on the wire. */
class OutboundTransformTest {
  private TestServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aTransformedCopyIsServedInsteadOfTheStoredObjectWhichStaysUntouched() {
    server =
        new TestServer(
            (principal, collection, stored) -> {
              if (!principal.name().equals("bob")) {
                return Optional.of(stored);
              }
              ObjectNode copy = stored.object().json();
              copy.remove("pattern");
              copy.put("x_accord_redacted", true);
              return Optional.of(stored.withObject(StixObject.adopt(copy)));
            });
    String id = UUID.randomUUID().toString();
    server.post(server.objectsPath(INTEL), "alice", envelope(indicator(id, "2016-01-01T00:00:00.000Z")));

    JsonNode forBob = server.body(server.get(server.objectsPath(INTEL), "bob")).get("objects").get(0);
    assertThat(forBob.has("pattern")).isFalse();
    assertThat(forBob.get("x_accord_redacted").asBoolean()).isTrue();

    JsonNode forAlice = server.body(server.get(server.objectsPath(INTEL), "alice")).get("objects").get(0);
    assertThat(forAlice.has("x_accord_redacted")).isFalse();
    assertThat(forAlice.get("pattern").asText()).isEqualTo("[ipv4-addr:value = '10.0.0.1']");
  }
}
