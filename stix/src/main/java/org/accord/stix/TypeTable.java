package org.accord.stix;

import static org.accord.stix.Checks.BINARY;
import static org.accord.stix.Checks.BOOLEAN;
import static org.accord.stix.Checks.DICTIONARY;
import static org.accord.stix.Checks.HASHES;
import static org.accord.stix.Checks.IDENTIFIER;
import static org.accord.stix.Checks.IPV4;
import static org.accord.stix.Checks.IPV6;
import static org.accord.stix.Checks.LANGUAGE_TAG;
import static org.accord.stix.Checks.MAC;
import static org.accord.stix.Checks.NON_NEGATIVE;
import static org.accord.stix.Checks.STRING;
import static org.accord.stix.Checks.TIMESTAMP;
import static org.accord.stix.Checks.TIMESTAMP_MILLIS;
import static org.accord.stix.Checks.dictionary;
import static org.accord.stix.Checks.integer;
import static org.accord.stix.Checks.list;
import static org.accord.stix.Checks.number;
import static org.accord.stix.Checks.object;
import static org.accord.stix.Checks.ref;
import static org.accord.stix.Checks.vocab;
import static org.accord.stix.Rules.after;
import static org.accord.stix.Rules.atLeastOne;
import static org.accord.stix.Rules.exclusive;
import static org.accord.stix.Rules.notBefore;
import static org.accord.stix.Rules.requires;
import static org.accord.stix.Rules.someContent;
import static org.accord.stix.Vocabularies.*;

import java.util.HashMap;
import java.util.Map;

/**
 * The STIX 2.1 rule table: for every type of §4–§8, its properties with their value checks, required and
 * forbidden properties, and cross-property rules. A reader finds a type's rules in a few lines below, with the
 * section they come from. Rules that need the whole object or other objects (identifiers, deterministic SCO ids,
 * patterns, TLP marking definitions) live in {@link Validator} and {@link MetaRules}.
 */
final class TypeTable {
  private TypeTable() {}

  static final String VERSION = "2.1";

  /** spec_version (§3.2): "2.1" for this validator. */
  static final Check SPEC_VERSION =
      (v, p, f) -> {
        if (!v.isTextual()) {
          Checks.typeError(v, p, f, "a string");
        } else if (!VERSION.equals(v.textValue())) {
          f.error(p, "spec-version", "must be \"2.1\", was \"" + v.textValue() + "\"");
        }
      };

  static final Check CONFIDENCE = integer(0, 100, "confidence-range");
  static final Check STRINGS = list(STRING);
  static final Check COUNT = integer(0, 999_999_999, "value-range");

  // Embedded types (§2.3, §2.4, §7.2.3, §6.*)
  static final Spec EXTERNAL_REFERENCE =
      Spec.named("external-reference")
          .req("source_name", STRING).opt("description", STRING).opt("url", STRING).opt("hashes", HASHES)
          .opt("external_id", STRING)
          .rule(atLeastOne("description", "url", "external_id"))
          .build();
  static final Spec KILL_CHAIN_PHASE =
      Spec.named("kill-chain-phase").req("kill_chain_name", STRING).req("phase_name", STRING).build();
  static final Spec GRANULAR_MARKING =
      Spec.named("granular-marking")
          .opt("lang", LANGUAGE_TAG).opt("marking_ref", ref("marking-definition")).req("selectors", STRINGS)
          .rule(atLeastOne("lang", "marking_ref")).rule(exclusive("lang", "marking_ref"))
          .build();
  static final Check KILL_CHAIN_PHASES = list(object(KILL_CHAIN_PHASE));

  private static final Map<String, Spec> SPECS = new HashMap<>();

  /** The spec of a STIX 2.1 type, or null for custom and unknown types. */
  static Spec get(String type) {
    return SPECS.get(type);
  }

  /** Common properties of SDOs and SROs (§3.2). */
  static Spec.Builder sdo(String type) {
    return Spec.named(type)
        .req("type", Check.ANY).req("spec_version", SPEC_VERSION).req("id", Check.ANY)
        .req("created", TIMESTAMP_MILLIS).req("modified", TIMESTAMP_MILLIS)
        .opt("created_by_ref", ref("identity")).opt("revoked", BOOLEAN).opt("labels", STRINGS)
        .opt("confidence", CONFIDENCE).opt("lang", LANGUAGE_TAG)
        .opt("external_references", list(object(EXTERNAL_REFERENCE)))
        .opt("object_marking_refs", list(ref("marking-definition")))
        .opt("granular_markings", list(object(GRANULAR_MARKING)))
        .opt("extensions", Check.ANY)
        .forbid("defanged")
        .rule(notBefore("created", "modified", "modified-before-created"))
        .rule(MetaRules::granularSelectors);
  }

  /** Common properties of SCOs (§3.2): the versioning and provenance properties do not apply. */
  static Spec.Builder sco(String type) {
    return Spec.named(type)
        .req("type", Check.ANY).req("id", Check.ANY).opt("spec_version", SPEC_VERSION)
        .opt("object_marking_refs", list(ref("marking-definition")))
        .opt("granular_markings", list(object(GRANULAR_MARKING)))
        .opt("defanged", BOOLEAN).opt("extensions", Check.ANY)
        .forbid("created_by_ref", "created", "modified", "revoked", "labels", "confidence", "lang",
            "external_references")
        .rule(MetaRules::granularSelectors);
  }

  private static void add(Spec.Builder b) {
    Spec s = b.build();
    if (s.properties().containsKey("extensions")) {
      Map<String, Check> props = new java.util.LinkedHashMap<>(s.properties());
      props.put("extensions", Extensions.check(s.extensions()));
      s = new Spec(s.name(), java.util.Collections.unmodifiableMap(props), s.required(), s.forbidden(),
          s.rules(), s.extensions(), s.custom());
    }
    SPECS.put(s.name(), s);
  }

  static {
    sdos();
    sros();
    scos();
    MetaRules.addTo(TypeTable::add);
  }

  /** §4: the 19 SDOs. */
  private static void sdos() {
    add(sdo("attack-pattern").req("name", STRING).opt("description", STRING).opt("aliases", STRINGS)
        .opt("kill_chain_phases", KILL_CHAIN_PHASES));
    add(sdo("campaign").req("name", STRING).opt("description", STRING).opt("aliases", STRINGS)
        .opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP).opt("objective", STRING)
        .rule(notBefore("first_seen", "last_seen", "time-order")));
    add(sdo("course-of-action").req("name", STRING).opt("description", STRING));
    add(sdo("grouping").opt("name", STRING).opt("description", STRING)
        .req("context", vocab(GROUPING_CONTEXT)).req("object_refs", list(IDENTIFIER)));
    add(sdo("identity").req("name", STRING).opt("description", STRING).opt("roles", STRINGS)
        .opt("identity_class", vocab(IDENTITY_CLASS)).opt("sectors", list(vocab(INDUSTRY_SECTOR)))
        .opt("contact_information", STRING));
    add(sdo("incident").req("name", STRING).opt("description", STRING)
        .opt("kill_chain_phases", KILL_CHAIN_PHASES));
    add(sdo("indicator").opt("name", STRING).opt("description", STRING)
        .opt("indicator_types", list(vocab(INDICATOR_TYPE))).req("pattern", STRING)
        .req("pattern_type", vocab(PATTERN_TYPE)).opt("pattern_version", STRING)
        .req("valid_from", TIMESTAMP).opt("valid_until", TIMESTAMP).opt("kill_chain_phases", KILL_CHAIN_PHASES)
        .rule(after("valid_from", "valid_until", "time-order")).rule(MetaRules::pattern));
    add(sdo("infrastructure").req("name", STRING).opt("description", STRING)
        .opt("infrastructure_types", list(vocab(INFRASTRUCTURE_TYPE))).opt("aliases", STRINGS)
        .opt("kill_chain_phases", KILL_CHAIN_PHASES).opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP)
        .rule(notBefore("first_seen", "last_seen", "time-order")));
    add(sdo("intrusion-set").req("name", STRING).opt("description", STRING).opt("aliases", STRINGS)
        .opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP).opt("goals", STRINGS)
        .opt("resource_level", vocab(ATTACK_RESOURCE_LEVEL)).opt("primary_motivation", vocab(ATTACK_MOTIVATION))
        .opt("secondary_motivations", list(vocab(ATTACK_MOTIVATION)))
        .rule(notBefore("first_seen", "last_seen", "time-order")));
    add(sdo("location").opt("name", STRING).opt("description", STRING)
        .opt("latitude", number(-90, 90)).opt("longitude", number(-180, 180)).opt("precision", number(0, 1e12))
        .opt("region", vocab(REGION)).opt("country", STRING).opt("administrative_area", STRING)
        .opt("city", STRING).opt("street_address", STRING).opt("postal_code", STRING)
        .rule(atLeastOne("region", "country", "latitude")).rule(requires("latitude", "longitude"))
        .rule(requires("longitude", "latitude")).rule(requires("precision", "latitude")));
    add(sdo("malware").opt("name", STRING).opt("description", STRING)
        .opt("malware_types", list(vocab(MALWARE_TYPE))).req("is_family", BOOLEAN).opt("aliases", STRINGS)
        .opt("kill_chain_phases", KILL_CHAIN_PHASES).opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP)
        .opt("operating_system_refs", list(ref("software")))
        .opt("architecture_execution_envs", list(vocab(PROCESSOR_ARCHITECTURE)))
        .opt("implementation_languages", list(vocab(IMPLEMENTATION_LANGUAGE)))
        .opt("capabilities", list(vocab(MALWARE_CAPABILITIES))).opt("sample_refs", list(ref("file", "artifact")))
        .rule(notBefore("first_seen", "last_seen", "time-order"))
        .rule((o, p, f) -> {
          if (Rules.isTrue(o, "is_family") && !o.has("name")) {
            f.error(p + ".name", "required-property", "'name' is required when is_family is true (§4.11)");
          }
        }));
    add(sdo("malware-analysis").req("product", STRING).opt("version", STRING)
        .opt("host_vm_ref", ref("software")).opt("operating_system_ref", ref("software"))
        .opt("installed_software_refs", list(ref("software"))).opt("configuration_version", STRING)
        .opt("modules", STRINGS).opt("analysis_engine_version", STRING).opt("analysis_definition_version", STRING)
        .opt("submitted", TIMESTAMP).opt("analysis_started", TIMESTAMP).opt("analysis_ended", TIMESTAMP)
        .opt("result_name", STRING).opt("result", vocab(MALWARE_RESULT)).opt("analysis_sco_refs", list(ref("SCO")))
        .opt("sample_ref", ref("file", "artifact", "network-traffic"))
        .rule(atLeastOne("result", "analysis_sco_refs"))
        .rule(notBefore("analysis_started", "analysis_ended", "time-order")));
    add(sdo("note").opt("abstract", STRING).req("content", STRING).opt("authors", STRINGS)
        .req("object_refs", list(IDENTIFIER)));
    add(sdo("observed-data").req("first_observed", TIMESTAMP).req("last_observed", TIMESTAMP)
        .req("number_observed", integer(1, 999_999_999, "value-range"))
        .opt("objects", dictionary(MetaRules.EMBEDDED_OBSERVABLE)).opt("object_refs", list(ref("SCO", "SRO")))
        .rule(notBefore("first_observed", "last_observed", "time-order"))
        .rule(exclusive("objects", "object_refs")).rule(atLeastOne("object_refs", "objects"))
        .rule((o, p, f) -> {
          if (o.has("objects")) {
            f.warn(p + ".objects", "deprecated-property", "'objects' is deprecated in STIX 2.1; use object_refs");
          }
        }));
    add(sdo("opinion").opt("explanation", STRING).opt("authors", STRINGS).req("opinion", vocab(OPINION))
        .req("object_refs", list(IDENTIFIER)));
    add(sdo("report").req("name", STRING).opt("description", STRING)
        .opt("report_types", list(vocab(REPORT_TYPE))).req("published", TIMESTAMP)
        .req("object_refs", list(IDENTIFIER)));
    add(sdo("threat-actor").req("name", STRING).opt("description", STRING)
        .opt("threat_actor_types", list(vocab(THREAT_ACTOR_TYPE))).opt("aliases", STRINGS)
        .opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP).opt("roles", list(vocab(THREAT_ACTOR_ROLE)))
        .opt("goals", STRINGS).opt("sophistication", vocab(THREAT_ACTOR_SOPHISTICATION))
        .opt("resource_level", vocab(ATTACK_RESOURCE_LEVEL)).opt("primary_motivation", vocab(ATTACK_MOTIVATION))
        .opt("secondary_motivations", list(vocab(ATTACK_MOTIVATION)))
        .opt("personal_motivations", list(vocab(ATTACK_MOTIVATION)))
        .rule(notBefore("first_seen", "last_seen", "time-order")));
    add(sdo("tool").req("name", STRING).opt("description", STRING).opt("tool_types", list(vocab(TOOL_TYPE)))
        .opt("aliases", STRINGS).opt("kill_chain_phases", KILL_CHAIN_PHASES).opt("tool_version", STRING));
    add(sdo("vulnerability").req("name", STRING).opt("description", STRING));
  }

  /** §5: relationship and sighting. */
  private static void sros() {
    // §5.1: source and target MUST be SDOs or SCOs (custom objects admitted: their kind is unknowable).
    add(sdo("relationship").req("relationship_type", STRING).opt("description", STRING)
        .req("source_ref", ref("SDO", "SCO")).req("target_ref", ref("SDO", "SCO"))
        .opt("start_time", TIMESTAMP).opt("stop_time", TIMESTAMP)
        .rule(after("start_time", "stop_time", "time-order")));
    add(sdo("sighting").opt("description", STRING).opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP)
        .opt("count", COUNT).req("sighting_of_ref", ref("SDO"))
        .opt("observed_data_refs", list(ref("observed-data")))
        .opt("where_sighted_refs", list(ref("identity", "location"))).opt("summary", BOOLEAN)
        .rule(notBefore("first_seen", "last_seen", "time-order")));
  }

  /** §6: the 18 SCOs, with their predefined extensions. */
  private static void scos() {
    add(sco("artifact").opt("mime_type", STRING).opt("payload_bin", BINARY).opt("url", STRING)
        .opt("hashes", HASHES).opt("encryption_algorithm", vocab(ENCRYPTION_ALGORITHM))
        .opt("decryption_key", STRING)
        .rule(exclusive("payload_bin", "url")).rule(requires("url", "hashes")));
    add(sco("autonomous-system").req("number", NON_NEGATIVE).opt("name", STRING).opt("rir", STRING));
    add(sco("directory").req("path", STRING).opt("path_enc", STRING).opt("ctime", TIMESTAMP)
        .opt("mtime", TIMESTAMP).opt("atime", TIMESTAMP).opt("contains_refs", list(ref("file", "directory"))));
    add(sco("domain-name").req("value", STRING)
        .opt("resolves_to_refs", list(ref("ipv4-addr", "ipv6-addr", "domain-name"))));
    add(sco("email-addr").req("value", STRING).opt("display_name", STRING)
        .opt("belongs_to_ref", ref("user-account")));
    add(sco("email-message").req("is_multipart", BOOLEAN).opt("date", TIMESTAMP).opt("content_type", STRING)
        .opt("from_ref", ref("email-addr")).opt("sender_ref", ref("email-addr"))
        .opt("to_refs", list(ref("email-addr"))).opt("cc_refs", list(ref("email-addr")))
        .opt("bcc_refs", list(ref("email-addr"))).opt("message_id", STRING).opt("subject", STRING)
        .opt("received_lines", STRINGS).opt("additional_header_fields", DICTIONARY).opt("body", STRING)
        .opt("body_multipart", list(object(ScoExtensions.MIME_PART))).opt("raw_email_ref", ref("artifact"))
        .rule(ScoExtensions::multipart));
    add(ScoExtensions.file(sco("file")));
    add(sco("ipv4-addr").req("value", IPV4).opt("resolves_to_refs", list(ref("mac-addr")))
        .opt("belongs_to_refs", list(ref("autonomous-system"))));
    add(sco("ipv6-addr").req("value", IPV6).opt("resolves_to_refs", list(ref("mac-addr")))
        .opt("belongs_to_refs", list(ref("autonomous-system"))));
    add(sco("mac-addr").req("value", MAC));
    add(sco("mutex").req("name", STRING));
    add(ScoExtensions.networkTraffic(sco("network-traffic")));
    add(ScoExtensions.process(sco("process")));
    add(sco("software").req("name", STRING).opt("cpe", STRING).opt("swid", STRING).opt("languages", STRINGS)
        .opt("vendor", STRING).opt("version", STRING));
    add(sco("url").req("value", STRING));
    add(ScoExtensions.userAccount(sco("user-account")));
    add(sco("windows-registry-key").opt("key", STRING)
        .opt("values", list(object(ScoExtensions.REGISTRY_VALUE))).opt("modified_time", TIMESTAMP)
        .opt("creator_user_ref", ref("user-account")).opt("number_of_subkeys", NON_NEGATIVE));
    add(sco("x509-certificate").opt("is_self_signed", BOOLEAN).opt("hashes", HASHES).opt("version", STRING)
        .opt("serial_number", STRING).opt("signature_algorithm", STRING).opt("issuer", STRING)
        .opt("validity_not_before", TIMESTAMP).opt("validity_not_after", TIMESTAMP).opt("subject", STRING)
        .opt("subject_public_key_algorithm", STRING).opt("subject_public_key_modulus", STRING)
        .opt("subject_public_key_exponent", NON_NEGATIVE)
        .opt("x509_v3_extensions", object(ScoExtensions.X509_V3_EXTENSIONS))
        .rule(someContent()) // §6.17: at least one x509-certificate property
        .rule(notBefore("validity_not_before", "validity_not_after", "time-order")));
  }
}
