package org.accord.taxii.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import org.accord.stix.ScoIds;
import org.accord.stix.StixObject;
import org.accord.store.StoredObject;

/**
 * A deterministic stand-in for the egress gate: what a peer receives is written in each object's {@code x_fate}
 * ({@code withhold}, {@code pseudonymise} or absent to release), so a test states the gate's output in its data. A
 * pseudonymised SCO gets a keyed pseudonym for its {@code value} and the id recomputed from it (STIX 2.1 §2.9), as
 * rules/Transforms does; a node's own users receive everything as stored.
 */
final class Fates implements OutboundFilter {
  @Override
  public Optional<StoredObject> release(Principal principal, String collectionId, StoredObject stored) {
    if (!principal.isPeer()) {
      return Optional.of(stored);
    }
    String fate = stored.object().text("x_fate").orElse("release");
    return switch (fate) {
      case "withhold" -> Optional.empty();
      case "pseudonymise" -> Optional.of(stored.withObject(pseudonymised(stored.object())));
      default -> Optional.of(stored);
    };
  }

  static StixObject pseudonymised(StixObject sco) {
    ObjectNode copy = sco.json();
    copy.put("value", pseudonym(copy.path("value").asText()));
    ScoIds.deterministicId(copy).ifPresent(id -> copy.put("id", id));
    return StixObject.adopt(copy);
  }

  static String pseudonym(String value) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(("key|" + value).getBytes(StandardCharsets.UTF_8));
      return "p-" + HexFormat.of().formatHex(h, 0, 8) + "@pseudonymised.invalid";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An SCO whose id is the deterministic one of its value, as a producer following STIX 2.1 §2.9 makes it. */
  static String emailAddr(String value, String fate) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("type", "email-addr").put("spec_version", "2.1").put("value", value);
    o.put("id", ScoIds.deterministicId(o).orElseThrow());
    if (fate != null) {
      o.put("x_fate", fate);
    }
    return o.toString();
  }

  static String idOf(String json) {
    return json.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
  }

  /** A clock a test sets: the store stamps date_added from it. */
  static final class SettableClock extends Clock {
    volatile Instant now;

    SettableClock(Instant start) {
      this.now = start;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
