package org.accord.stix;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The families of STIX 2.1 objects (§2.1), which decide common properties and which references are allowed. */
enum Kind {
  /** STIX Domain Objects (§4). */
  SDO(
      "attack-pattern", "campaign", "course-of-action", "grouping", "identity", "incident", "indicator",
      "infrastructure", "intrusion-set", "location", "malware", "malware-analysis", "note", "observed-data",
      "opinion", "report", "threat-actor", "tool", "vulnerability"),
  /** STIX Relationship Objects (§5). */
  SRO("relationship", "sighting"),
  /** STIX Cyber-observable Objects (§6). */
  SCO(
      "artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message", "file",
      "ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic", "process", "software", "url",
      "user-account", "windows-registry-key", "x509-certificate"),
  /** STIX Meta Objects (§7): language content, marking definitions, extension definitions. */
  SMO("language-content", "marking-definition", "extension-definition"),
  /** The bundle (§8), a transport envelope and not a STIX object. */
  BUNDLE("bundle");

  private static final Map<String, Kind> BY_TYPE = new HashMap<>();

  static {
    for (Kind k : values()) {
      for (String t : k.types) {
        BY_TYPE.put(t, k);
      }
    }
  }

  private final List<String> types;

  Kind(String... types) {
    this.types = List.of(types);
  }

  List<String> types() {
    return types;
  }

  /** The kind of a type defined by STIX 2.1, or null for custom and unknown types. */
  static Kind of(String type) {
    return BY_TYPE.get(type);
  }
}
