package org.accord.sensor.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.accord.sensor.detect.Attack;
import org.accord.sensor.enrich.Asset;
import org.accord.sensor.flow.Addresses;
import org.accord.stix.AccordExtension;

/**
 * Turns a detected attack into the STIX 2.1 objects a partner can act on:
 *
 * <ul>
 *   <li>an {@code incident} (§4.6) naming the attack and each of its vectors ("Multi-vector DDoS (syn-flood,
 *       udp-flood, ntp-reflection, dns-reflection)"), its target and sector, with the measured figures in Accord's
 *       extension's {@code attack} (kind, start, end, peaks, sources, share from abroad, and per vector its peaks,
 *       packets, bytes and sources);
 *   <li>an {@code indicator} (§4.7) per source of a vector, or per /24 where the sources are dense enough that the
 *       prefix is honest ({@value #PREFIX_MIN_SOURCES} or more of the top sources in one /24: the prefix then stands
 *       for a block the attacker holds, not for one address's neighbours), valid from the attack's start for seven
 *       days, carrying its evidence (per vector: packets, bytes, share of the vector's packets) in the extension's
 *       {@code evidence} and in its description. Only sources of the attack's vectors become indicators (see the
 *       detectors' {@code Vectors}): a client that only completed TCP sessions with the target never does;
 *   <li>an {@code observed-data} (§4.9) of the top sources and the target, with the SCOs it references;
 *   <li>the {@code attack-pattern} (§4.1) of the kind of attack (MITRE ATT&CK T1498/T1499, T1046, T1110);
 *   <li>when the target is a registered asset, the operator's {@code identity} (§4.5) with its sector;
 *   <li>relationships: indicator {@code indicates} attack-pattern, attack-pattern {@code targets} identity, incident
 *       {@code related-to} indicators and observed-data.
 * </ul>
 *
 * Every object carries a description (what it is and why it exists), the configured TLP marking, this node's identity
 * as producer and the target's sector in the extension's {@code sectors}, so the rulebook decides who receives them.
 * Accord's data lives in its STIX 2.1 property extension ({@link AccordExtension}, §7.3), not in custom {@code x_}
 * properties. Ids are name-based on the attack's kind, target and start, so the same attack reported
 * twice (updated peak, end, vectors found) keeps its ids and adds versions.
 */
public final class IncidentBuilder {
  static final int PREFIX_MIN_SOURCES = 8;
  private static final long INDICATOR_VALIDITY_MILLIS = 7L * 24 * 3600 * 1000;
  /**
   * created/modified of the objects that do not change from one attack to the next (the attack pattern, a victim's
   * identity): a fixed instant, so every report repeats the same version instead of adding one. Their content
   * depends only on their id (the ATT&CK technique, the operator): another content under the same version would be a
   * conflict. Moved on when the content changes, so the new content is a new version (2020-01-01 until issue 9 added
   * descriptions and Accord's extension).
   */
  private static final long STATIC_OBJECTS_MILLIS = 1_796_083_200_000L; // 2026-12-01T00:00:00Z

  private final OutputSettings settings;

  public IncidentBuilder(OutputSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The objects reporting {@code attack}; {@code target} is the attacked asset, or null when unregistered. */
  public List<ObjectNode> build(Attack attack, Asset target, long nowMillis) {
    String key = attack.kind() + "|" + attack.target() + "|" + attack.startMillis();
    long modified = Math.max(attack.startMillis(), Math.min(nowMillis, Math.max(attack.endMillis(), attack.startMillis())));
    if (!attack.ongoing()) {
      // The final version: one millisecond after its end, so it is newer than every ongoing version (whose modified is
      // at most the end) even when the end did not move; with the same modified the store would keep the "ongoing"
      // version (issue 9, finding 7). Still a function of the attack alone, so a replay repeats it.
      modified = Math.max(attack.startMillis(), attack.endMillis()) + 1;
    }
    List<ObjectNode> out = new ArrayList<>();
    ObjectNode pattern = attackPattern(attack.kind());
    out.add(pattern);
    ObjectNode victim = null;
    if (target != null) {
      victim = identity(target);
      out.add(victim);
      out.add(relationship("targets", pattern, victim, attack.startMillis(),
          "The attack pattern " + pattern.get("name").asText() + " was used against " + target.operator() + " ("
              + target.name() + ")."));
    }
    ObjectNode incident = StixIds.sdo(settings, "incident", StixIds.id(settings, "incident", key),
        attack.startMillis(), modified);
    incident.put("name", title(attack, target));
    incident.put("description", description(attack, target));
    ObjectNode figures = AccordExtension.properties(incident).putObject(AccordExtension.ATTACK);
    figures.put("kind", attack.kind().name().toLowerCase(Locale.ROOT));
    figures.put("target", attack.target());
    figures.put("start", StixIds.time(attack.startMillis()));
    figures.put("end", StixIds.time(Math.max(attack.endMillis(), attack.startMillis())));
    figures.put("ongoing", attack.ongoing());
    figures.put("peak_pps", Math.round(attack.peakPps()));
    figures.put("peak_bps", Math.round(attack.peakBps()));
    figures.put("peak_fps", Math.round(attack.peakFps()));
    figures.put("sources", attack.sources());
    if (attack.foreignShare() >= 0) {
      figures.put("foreign_share", Math.round(attack.foreignShare() * 1000) / 1000.0);
    }
    if (attack.samplingRate() > 1) {
      figures.put("sampling_rate", attack.samplingRate());
    }
    ArrayNode vectors = figures.putArray("vectors");
    for (Attack.Vector v : vectorsOf(attack)) {
      ObjectNode o = vectors.addObject();
      o.put("name", v.name());
      o.put("signature", v.signature());
      o.put("peak_pps", Math.round(v.peakPps()));
      o.put("peak_bps", Math.round(v.peakBps()));
      o.put("packets", v.packets());
      o.put("bytes", v.bytes());
      o.put("sources", v.sources().size());
    }
    sectors(incident, target);
    out.add(incident);

    for (ObjectNode indicator : indicators(attack, target, key, modified)) {
      out.add(indicator);
      out.add(relationship("indicates", indicator, pattern, attack.startMillis(),
          "The indicator '" + indicator.get("name").asText() + "' names a source of "
              + pattern.get("name").asText() + " (" + mitreId(pattern) + ")."));
      out.add(relationship("related-to", incident, indicator, attack.startMillis(),
          "The indicator '" + indicator.get("name").asText() + "' names a source of the incident '"
              + incident.get("name").asText() + "'."));
    }
    List<ObjectNode> observed = observed(attack, target, key, modified);
    out.addAll(observed);
    out.add(relationship("related-to", incident, observed.get(observed.size() - 1), attack.startMillis(),
        "The observed data of the incident '" + incident.get("name").asText() + "': its target and its top "
            + attack.topSources().size() + " sources by packets, as seen in this node's flow telemetry."));
    return out;
  }

  /**
   * The indicators of the attack's sources: only sources of its vectors (so never a client that only completed TCP
   * sessions with the target), one per address or per dense /24, each with the evidence that made it.
   */
  private List<ObjectNode> indicators(Attack attack, Asset target, String key, long modified) {
    Map<String, Map<String, long[]>> byAddress = new LinkedHashMap<>(); // address -> vector -> {packets, bytes}
    Map<String, Attack.Source> firstSeen = new LinkedHashMap<>();
    Map<String, Attack.Vector> vectorsByName = new LinkedHashMap<>();
    for (Attack.Vector v : vectorsOf(attack)) {
      vectorsByName.put(v.name(), v);
      for (Attack.Source s : v.sources()) {
        long[] e = byAddress.computeIfAbsent(s.address(), k -> new LinkedHashMap<>())
            .computeIfAbsent(v.name(), k -> new long[2]);
        e[0] += s.packets();
        e[1] += s.bytes();
        firstSeen.putIfAbsent(s.address(), s);
      }
    }
    Map<String, List<String>> byPrefix = new LinkedHashMap<>();
    for (String address : byAddress.keySet()) {
      byPrefix.computeIfAbsent(prefix24(address), k -> new ArrayList<>()).add(address);
    }
    List<ObjectNode> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : byPrefix.entrySet()) {
      if (e.getKey() != null && e.getValue().size() >= PREFIX_MIN_SOURCES) {
        Map<String, long[]> evidence = new LinkedHashMap<>();
        for (String address : e.getValue()) {
          byAddress.get(address).forEach((v, c) -> {
            long[] sum = evidence.computeIfAbsent(v, k -> new long[2]);
            sum[0] += c[0];
            sum[1] += c[1];
          });
        }
        out.add(indicator(attack, target, key, modified, "[ipv4-addr:value ISSUBSET '" + e.getKey() + "']",
            e.getKey() + " (" + e.getValue().size() + " sources" + origin(firstSeen.get(e.getValue().get(0))) + ")",
            evidence, vectorsByName));
      } else {
        for (String address : e.getValue()) {
          String type = address.indexOf(':') >= 0 ? "ipv6-addr" : "ipv4-addr";
          out.add(indicator(attack, target, key, modified, "[" + type + ":value = '" + address + "']",
              address + origin(firstSeen.get(address)), byAddress.get(address), vectorsByName));
        }
      }
    }
    return out;
  }

  /**
   * The attack's vectors; an attack reported without them (made elsewhere) stands as one vector of its kind with its
   * top sources.
   */
  static List<Attack.Vector> vectorsOf(Attack attack) {
    if (!attack.vectors().isEmpty() || attack.topSources().isEmpty()) {
      return attack.vectors();
    }
    long packets = attack.topSources().stream().mapToLong(Attack.Source::packets).sum();
    long bytes = attack.topSources().stream().mapToLong(Attack.Source::bytes).sum();
    return List.of(new Attack.Vector(attack.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'), attack.detail(),
        attack.peakPps(), attack.peakBps(), packets, bytes, attack.topSources()));
  }

  private ObjectNode indicator(Attack attack, Asset target, String key, long modified, String pattern, String what,
      Map<String, long[]> evidence, Map<String, Attack.Vector> vectors) {
    String id = StixIds.id(settings, "indicator", key + "|" + pattern);
    ObjectNode i = StixIds.sdo(settings, "indicator", id, attack.startMillis(), modified);
    i.put("name", String.join(" + ", evidence.keySet()) + " source " + what);
    StringBuilder d = new StringBuilder("Source of ").append(kindName(attack.kind())).append(" against ")
        .append(attack.target()).append(" from ").append(StixIds.time(attack.startMillis())).append(", seen by this"
            + " node's sensor; evidence: ");
    ArrayNode list = AccordExtension.properties(i).putArray(AccordExtension.EVIDENCE);
    String sep = "";
    for (Map.Entry<String, long[]> e : evidence.entrySet()) {
      Attack.Vector v = vectors.get(e.getKey());
      long vp = v == null ? 0 : v.packets();
      double share = vp <= 0 ? 0 : Math.min(1.0, (double) e.getValue()[0] / vp);
      ObjectNode item = list.addObject();
      item.put("vector", e.getKey());
      item.put("packets", e.getValue()[0]);
      item.put("bytes", e.getValue()[1]);
      item.put("share", Math.round(share * 10_000) / 10_000.0);
      d.append(sep).append(String.format(Locale.ROOT, "%s (%s) %d packets, %d bytes, %.2f%% of the vector's packets",
          e.getKey(), v == null ? "" : v.signature(), e.getValue()[0], e.getValue()[1], share * 100));
      sep = "; ";
    }
    i.put("description", d.append('.').toString());
    i.putArray("indicator_types").add("malicious-activity");
    i.put("pattern", pattern);
    i.put("pattern_type", "stix");
    i.put("valid_from", StixIds.time(attack.startMillis()));
    i.put("valid_until", StixIds.time(attack.startMillis() + INDICATOR_VALIDITY_MILLIS));
    i.put("confidence", 80); // observed directly by this node's sensor
    sectors(i, target);
    return i;
  }

  private List<ObjectNode> observed(Attack attack, Asset target, String key, long modified) {
    List<ObjectNode> out = new ArrayList<>();
    ObjectNode od = StixIds.sdo(settings, "observed-data", StixIds.id(settings, "observed-data", key),
        attack.startMillis(), modified);
    od.put("first_observed", StixIds.time(attack.startMillis()));
    od.put("last_observed", StixIds.time(Math.max(attack.endMillis(), attack.startMillis())));
    od.put("number_observed", Math.max(1, Math.min(attack.sources(), 999_999_999L)));
    // No description: observed-data has none in STIX 2.1 (§4.14), and one would be a custom property. The
    // related-to relationship from the incident says what it holds.
    ArrayNode refs = od.putArray("object_refs");
    if (!attack.target().startsWith("*")) {
      ObjectNode victim = StixIds.target(attack.target());
      out.add(victim);
      refs.add(victim.get("id").asText());
    }
    for (Attack.Source s : attack.topSources()) {
      ObjectNode a = StixIds.address(s.address());
      out.add(a);
      refs.add(a.get("id").asText());
    }
    if (refs.isEmpty()) {
      ObjectNode unknown = StixIds.address("0.0.0.0");
      out.add(unknown);
      refs.add(unknown.get("id").asText());
    }
    sectors(od, target);
    out.add(od);
    return out;
  }

  private ObjectNode attackPattern(Attack.Kind kind) {
    String[] mitre = switch (kind) {
      case VOLUMETRIC_DDOS, UDP_REFLECTION -> new String[] {"T1498", "Network Denial of Service"};
      case SYN_FLOOD -> new String[] {"T1499", "Endpoint Denial of Service"};
      case HORIZONTAL_SCAN, VERTICAL_SCAN -> new String[] {"T1046", "Network Service Discovery"};
      case BRUTE_FORCE -> new String[] {"T1110", "Brute Force"};
      case HTTP_FLOOD -> new String[] {"T1499.002", "Endpoint Denial of Service: Service Exhaustion Flood"};
      case WEB_SCAN -> new String[] {"T1595.003", "Active Scanning: Wordlist Scanning"};
      case CREDENTIAL_STUFFING -> new String[] {"T1110.004", "Brute Force: Credential Stuffing"};
    };
    ObjectNode p = StixIds.sdo(settings, "attack-pattern", StixIds.id(settings, "attack-pattern", mitre[0]),
        STATIC_OBJECTS_MILLIS, STATIC_OBJECTS_MILLIS);
    p.put("name", mitre[1]);
    p.put("description", "MITRE ATT&CK " + mitre[0] + " (" + mitre[1] + "): the technique of attacks this node's"
        + " sensor detected in its telemetry.");
    ObjectNode ref = p.putArray("external_references").addObject();
    ref.put("source_name", "mitre-attack");
    ref.put("external_id", mitre[0]);
    ref.put("url", "https://attack.mitre.org/techniques/" + mitre[0].replace('.', '/') + "/"); // T1110.004: /T1110/004/
    return p;
  }

  private ObjectNode identity(Asset asset) {
    ObjectNode i = StixIds.sdo(settings, "identity", StixIds.id(settings, "identity", "asset|" + asset.operator()),
        STATIC_OBJECTS_MILLIS, STATIC_OBJECTS_MILLIS);
    i.put("name", asset.operator());
    i.put("identity_class", "organization");
    i.put("description", "Operator of critical-infrastructure assets registered with this node, named as the"
        + " target of attacks its sensor reports.");
    i.putArray("sectors").add(asset.sector().stixIndustry());
    AccordExtension.properties(i).putArray(AccordExtension.SECTORS).add(asset.sector().id());
    return i;
  }

  private ObjectNode relationship(String type, ObjectNode from, ObjectNode to, long millis, String description) {
    String source = from.get("id").asText();
    String target = to.get("id").asText();
    ObjectNode r = StixIds.sdo(settings, "relationship",
        StixIds.id(settings, "relationship", type + "|" + source + "|" + target), millis, millis);
    r.put("relationship_type", type);
    r.put("description", description);
    r.put("source_ref", source);
    r.put("target_ref", target);
    JsonNode sectors = AccordExtension.sectors(from);
    if (sectors != null) {
      AccordExtension.properties(r).set(AccordExtension.SECTORS, sectors.deepCopy());
    }
    return r;
  }

  private static String mitreId(ObjectNode pattern) {
    return pattern.get("external_references").get(0).get("external_id").asText();
  }

  private static void sectors(ObjectNode o, Asset target) {
    if (target != null) {
      AccordExtension.properties(o).putArray(AccordExtension.SECTORS).add(target.sector().id());
    }
  }

  private String origin(Attack.Source s) {
    List<String> parts = new ArrayList<>();
    if (!s.country().isEmpty()) {
      parts.add(s.country());
    }
    if (s.asn() != 0) {
      parts.add("AS" + s.asn());
    }
    return parts.isEmpty() ? "" : ", " + String.join(" ", parts);
  }

  /** The /24 of an IPv4 address, or null for IPv6 (IPv6 sources are reported one by one). */
  static String prefix24(String address) {
    long v4 = Addresses.parseV4(address);
    return v4 < 0 ? null : Addresses.formatV4(v4 & 0xffffff00L) + "/24";
  }

  private static String title(Attack a, Asset target) {
    return attackName(a) + " on " + (target != null ? target.name() + " (" + target.operator() + ")" : a.target());
  }

  private String description(Attack a, Asset target) {
    StringBuilder d = new StringBuilder(attackName(a)).append(" against ").append(a.target());
    if (target != null) {
      d.append(", ").append(target.name()).append(" of ").append(target.operator())
          .append(" (critical infrastructure, sector ").append(target.sector().id()).append(", criticality ")
          .append(target.criticality()).append(")");
    }
    long end = Math.max(a.startMillis(), a.endMillis());
    d.append(a.ongoing()
        ? ", ongoing since " + StixIds.time(a.startMillis())
        : ", from " + StixIds.time(a.startMillis()) + " to " + StixIds.time(end) + " (" + (end - a.startMillis()) / 1000
            + " s)");
    d.append(String.format(Locale.ROOT, ": peak %.0f packets/s, %.1f Mbit/s, %.0f flows/s from %d sources",
        a.peakPps(), a.peakBps() / 1e6, a.peakFps(), a.sources()));
    if (a.foreignShare() >= 0) {
      d.append(String.format(Locale.ROOT, ", %.0f%% of the traffic from abroad", a.foreignShare() * 100));
    }
    if (!a.detail().isEmpty()) {
      d.append("; ").append(a.detail());
    }
    if (a.samplingRate() > 1) {
      d.append("; packet and byte figures estimated from flows sampled 1 in ").append(a.samplingRate());
    }
    return d.append('.').toString();
  }

  /**
   * The attack's name: its kind, or for a volumetric attack of several vectors "Multi-vector DDoS (syn-flood,
   * udp-flood, ...)", so a partner sees every vector, not the first one found.
   */
  public static String attackName(Attack a) {
    List<Attack.Vector> v = a.vectors();
    boolean volumetric = a.kind() == Attack.Kind.VOLUMETRIC_DDOS || a.kind() == Attack.Kind.SYN_FLOOD
        || a.kind() == Attack.Kind.UDP_REFLECTION;
    if (!volumetric || v.isEmpty()) {
      return kindName(a.kind());
    }
    String names = String.join(", ", v.stream().map(Attack.Vector::name).toList());
    return (v.size() > 1 ? "Multi-vector DDoS (" : "DDoS (") + names + ")";
  }

  static String kindName(Attack.Kind kind) {
    return switch (kind) {
      case VOLUMETRIC_DDOS -> "Volumetric DDoS";
      case SYN_FLOOD -> "SYN flood";
      case UDP_REFLECTION -> "UDP reflection DDoS";
      case HORIZONTAL_SCAN -> "Horizontal scan";
      case VERTICAL_SCAN -> "Vertical scan";
      case BRUTE_FORCE -> "Brute force";
      case HTTP_FLOOD -> "HTTP flood";
      case WEB_SCAN -> "Web scan";
      case CREDENTIAL_STUFFING -> "Credential stuffing";
    };
  }
}
