package org.accord.cases;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.accord.rules.Rulebook;
import org.accord.rules.RulebookParser;
import org.accord.stix.Tlp;

/** Requests and the test rulebook. */
final class CaseFixtures {
  static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  static final String INCIDENT = "incident--0b7c2f6e-7d3c-4c5e-9a44-3f1f3c2f8d11";
  static final String SIGHTING = "sighting--6b1f3a9e-2c8d-4f7a-b1e2-9c3d4e5f6a7b";

  private CaseFixtures() {}

  static Rulebook rulebook() {
    try (InputStream in = CaseFixtures.class.getResourceAsStream("/rulebook.yaml")) {
      return RulebookParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "rulebook.yaml");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String newId() {
    return AssistanceRequest.TYPE + "--" + UUID.randomUUID();
  }

  /** CN asks US to preserve the logs of the command servers US sighted (demo step 5). */
  static AssistanceRequest preservation() {
    return request(newId(), RequestKind.PRESERVATION, Urgency.NORMAL, "energy");
  }

  static AssistanceRequest request(String id, RequestKind kind, Urgency urgency, String sector) {
    return new AssistanceRequest(
        id, kind, "cn", "us", new LegalBasis("A1.O1", "Budapest Convention art. 29"),
        "unauthorised access to a power grid's control systems",
        "Command servers at 203.0.113.7 and 203.0.113.9 directed the intrusion of 1 March; US sighted them.",
        List.of("connection logs of 203.0.113.7 and 203.0.113.9, 28 Feb to 2 Mar", "subscriber of both addresses"),
        "Example Hosting Inc.", "US-East data centre", urgency, sector, List.of(INCIDENT, SIGHTING), Tlp.AMBER, T0);
  }
}
