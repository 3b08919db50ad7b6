package org.accord.stix;

import static org.accord.stix.Checks.BOOLEAN;
import static org.accord.stix.Checks.DICTIONARY;
import static org.accord.stix.Checks.FLOAT;
import static org.accord.stix.Checks.HASHES;
import static org.accord.stix.Checks.HEX;
import static org.accord.stix.Checks.INTEGER;
import static org.accord.stix.Checks.NON_NEGATIVE;
import static org.accord.stix.Checks.STRING;
import static org.accord.stix.Checks.TIMESTAMP;
import static org.accord.stix.Checks.dictionary;
import static org.accord.stix.Checks.list;
import static org.accord.stix.Checks.object;
import static org.accord.stix.Checks.ref;
import static org.accord.stix.Checks.vocab;
import static org.accord.stix.Rules.atLeastOne;
import static org.accord.stix.Rules.exclusive;
import static org.accord.stix.Rules.notBefore;
import static org.accord.stix.Rules.someContent;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The SCOs with predefined extensions (STIX 2.1 §6.7 file, §6.12 network-traffic, §6.11 process, §6.16
 * user-account) and the embedded types of SCOs (MIME part, registry value, X.509 v3 extensions, PE binary parts).
 */
final class ScoExtensions {
  private ScoExtensions() {}

  private static final org.accord.stix.Check STRINGS = list(STRING);

  static final Spec MIME_PART =
      Spec.named("email-mime-part-type").opt("body", STRING).opt("body_raw_ref", ref("artifact", "file"))
          .opt("content_type", STRING).opt("content_disposition", STRING)
          .rule(atLeastOne("body", "body_raw_ref")).rule(exclusive("body", "body_raw_ref")).build();

  static final Spec REGISTRY_VALUE =
      Spec.named("windows-registry-value-type").opt("name", STRING).opt("data", STRING)
          .opt("data_type", vocab(Vocabularies.WINDOWS_REGISTRY_DATATYPE)).build();

  static final Spec X509_V3_EXTENSIONS = x509V3();

  private static Spec x509V3() {
    Spec.Builder b = Spec.named("x509-v3-extensions-type");
    for (String s :
        new String[] {"basic_constraints", "name_constraints", "policy_constraints", "key_usage",
          "extended_key_usage", "subject_key_identifier", "authority_key_identifier", "subject_alternative_name",
          "issuer_alternative_name", "subject_directory_attributes", "crl_distribution_points",
          "inhibit_any_policy", "certificate_policies", "policy_mappings"}) {
      b.opt(s, STRING);
    }
    return b.opt("private_key_usage_period_not_before", TIMESTAMP)
        .opt("private_key_usage_period_not_after", TIMESTAMP).rule(someContent()).build();
  }

  /** §6.7 file and its extensions archive-ext, ntfs-ext, pdf-ext, raster-image-ext, windows-pebinary-ext. */
  static Spec.Builder file(Spec.Builder b) {
    Spec ads = Spec.named("alternate-data-stream-type").req("name", STRING).opt("hashes", HASHES)
        .opt("size", NON_NEGATIVE).build();
    Spec section = Spec.named("windows-pe-section-type").req("name", STRING).opt("size", NON_NEGATIVE)
        .opt("entropy", FLOAT).opt("hashes", HASHES).build();
    return b.opt("hashes", HASHES).opt("size", NON_NEGATIVE).opt("name", STRING).opt("name_enc", STRING)
        .opt("magic_number_hex", HEX).opt("mime_type", STRING).opt("ctime", TIMESTAMP).opt("mtime", TIMESTAMP)
        .opt("atime", TIMESTAMP).opt("parent_directory_ref", ref("directory")).opt("contains_refs", list(ref("SCO")))
        .opt("content_ref", ref("artifact"))
        .rule(atLeastOne("hashes", "name"))
        .extension("archive-ext", ext("archive-ext").req("contains_refs", list(ref("file", "directory")))
            .opt("comment", STRING).build())
        .extension("ntfs-ext", ext("ntfs-ext").opt("sid", STRING)
            .opt("alternate_data_streams", list(object(ads))).build())
        .extension("pdf-ext", ext("pdf-ext").opt("version", STRING).opt("is_optimized", BOOLEAN)
            .opt("document_info_dict", dictionary(STRING)).opt("pdfid0", STRING).opt("pdfid1", STRING).build())
        .extension("raster-image-ext", ext("raster-image-ext").opt("image_height", NON_NEGATIVE)
            .opt("image_width", NON_NEGATIVE).opt("bits_per_pixel", NON_NEGATIVE).opt("exif_tags", DICTIONARY)
            .build())
        .extension("windows-pebinary-ext", ext("windows-pebinary-ext")
            .req("pe_type", vocab(Vocabularies.WINDOWS_PEBINARY_TYPE)).opt("imphash", STRING)
            .opt("machine_hex", HEX).opt("number_of_sections", NON_NEGATIVE).opt("time_date_stamp", TIMESTAMP)
            .opt("pointer_to_symbol_table_hex", HEX).opt("number_of_symbols", NON_NEGATIVE)
            .opt("size_of_optional_header", NON_NEGATIVE).opt("characteristics_hex", HEX)
            .opt("file_header_hashes", HASHES).opt("optional_header", object(peOptionalHeader()))
            .opt("sections", list(object(section))).build());
  }

  private static Spec peOptionalHeader() {
    Spec.Builder b = Spec.named("windows-pe-optional-header-type").opt("hashes", HASHES);
    for (String s :
        new String[] {"magic_hex", "win32_version_value_hex", "checksum_hex", "subsystem_hex",
          "dll_characteristics_hex", "loader_flags_hex"}) {
      b.opt(s, HEX);
    }
    for (String s :
        new String[] {"major_linker_version", "minor_linker_version", "size_of_code", "size_of_initialized_data",
          "size_of_uninitialized_data", "address_of_entry_point", "base_of_code", "base_of_data", "image_base",
          "section_alignment", "file_alignment", "major_os_version", "minor_os_version", "major_image_version",
          "minor_image_version", "major_subsystem_version", "minor_subsystem_version", "size_of_image",
          "size_of_headers", "size_of_stack_reserve", "size_of_stack_commit", "size_of_heap_reserve",
          "size_of_heap_commit", "number_of_rva_and_sizes"}) {
      b.opt(s, INTEGER);
    }
    return b.rule(someContent()).build();
  }

  /** §6.12 network-traffic and http-request-ext, icmp-ext, socket-ext, tcp-ext. */
  static Spec.Builder networkTraffic(Spec.Builder b) {
    org.accord.stix.Check endpoint = ref("ipv4-addr", "ipv6-addr", "mac-addr", "domain-name");
    org.accord.stix.Check port = Checks.integer(0, 65535, "value-range");
    return b.opt("start", TIMESTAMP).opt("end", TIMESTAMP).opt("is_active", BOOLEAN)
        .opt("src_ref", endpoint).opt("dst_ref", endpoint).opt("src_port", port).opt("dst_port", port)
        .req("protocols", STRINGS).opt("src_byte_count", NON_NEGATIVE).opt("dst_byte_count", NON_NEGATIVE)
        .opt("src_packets", NON_NEGATIVE).opt("dst_packets", NON_NEGATIVE).opt("ipfix", DICTIONARY)
        .opt("src_payload_ref", ref("artifact")).opt("dst_payload_ref", ref("artifact"))
        .opt("encapsulates_refs", list(ref("network-traffic"))).opt("encapsulated_by_ref", ref("network-traffic"))
        .rule(atLeastOne("src_ref", "dst_ref")).rule(notBefore("start", "end", "time-order"))
        .rule((o, p, f) -> {
          if (Rules.isTrue(o, "is_active") && o.has("end")) {
            f.error(p + ".end", "forbidden-property", "'end' must not be present when is_active is true (§6.12)");
          }
        })
        .extension("http-request-ext", ext("http-request-ext").req("request_method", STRING)
            .req("request_value", STRING).opt("request_version", STRING).opt("request_header", DICTIONARY)
            .opt("message_body_length", NON_NEGATIVE).opt("message_body_data_ref", ref("artifact")).build())
        .extension("icmp-ext", ext("icmp-ext").req("icmp_type_hex", HEX).req("icmp_code_hex", HEX).build())
        .extension("socket-ext", ext("socket-ext")
            .req("address_family", vocab(Vocabularies.SOCKET_ADDRESS_FAMILY)).opt("is_blocking", BOOLEAN)
            .opt("is_listening", BOOLEAN).opt("options", dictionary(INTEGER))
            .opt("socket_type", vocab(Vocabularies.SOCKET_TYPE)).opt("socket_descriptor", NON_NEGATIVE)
            .opt("socket_handle", INTEGER).build())
        .extension("tcp-ext", ext("tcp-ext").opt("src_flags_hex", HEX).opt("dst_flags_hex", HEX).build());
  }

  /** §6.11 process and windows-process-ext, windows-service-ext. */
  static Spec.Builder process(Spec.Builder b) {
    return b.opt("is_hidden", BOOLEAN).opt("pid", INTEGER).opt("created_time", TIMESTAMP).opt("cwd", STRING)
        .opt("command_line", STRING).opt("environment_variables", dictionary(STRING))
        .opt("opened_connection_refs", list(ref("network-traffic"))).opt("creator_user_ref", ref("user-account"))
        .opt("image_ref", ref("file")).opt("parent_ref", ref("process")).opt("child_refs", list(ref("process")))
        .rule(someContent())
        .extension("windows-process-ext", ext("windows-process-ext").opt("aslr_enabled", BOOLEAN)
            .opt("dep_enabled", BOOLEAN).opt("priority", STRING).opt("owner_sid", STRING)
            .opt("window_title", STRING).opt("startup_info", DICTIONARY)
            .opt("integrity_level", vocab(Vocabularies.WINDOWS_INTEGRITY_LEVEL)).build())
        .extension("windows-service-ext", ext("windows-service-ext").opt("service_name", STRING)
            .opt("descriptions", STRINGS).opt("display_name", STRING).opt("group_name", STRING)
            .opt("start_type", vocab(Vocabularies.WINDOWS_SERVICE_START_TYPE))
            .opt("service_dll_refs", list(ref("file")))
            .opt("service_type", vocab(Vocabularies.WINDOWS_SERVICE_TYPE))
            .opt("service_status", vocab(Vocabularies.WINDOWS_SERVICE_STATUS)).build());
  }

  /** §6.16 user-account and unix-account-ext. */
  static Spec.Builder userAccount(Spec.Builder b) {
    b.opt("user_id", STRING).opt("credential", STRING).opt("account_login", STRING)
        .opt("account_type", vocab(Vocabularies.ACCOUNT_TYPE)).opt("display_name", STRING);
    for (String s : new String[] {"is_service_account", "is_privileged", "can_escalate_privs", "is_disabled"}) {
      b.opt(s, BOOLEAN);
    }
    for (String s :
        new String[] {"account_created", "account_expires", "credential_last_changed", "account_first_login",
          "account_last_login"}) {
      b.opt(s, TIMESTAMP);
    }
    return b.extension("unix-account-ext", ext("unix-account-ext").opt("gid", INTEGER).opt("groups", STRINGS)
        .opt("home_dir", STRING).opt("shell", STRING).build());
  }

  /** §6.6 email-message: body and body_multipart exclude each other according to is_multipart. */
  static void multipart(ObjectNode o, String p, Findings f) {
    boolean multipart = Rules.isTrue(o, "is_multipart");
    if (multipart && o.has("body")) {
      f.error(p + ".body", "forbidden-property", "'body' must not be present when is_multipart is true");
    } else if (!multipart && o.has("body_multipart")) {
      f.error(p + ".body_multipart", "forbidden-property",
          "'body_multipart' must not be present when is_multipart is false");
    }
  }

  /** A predefined extension: at least one property (an empty extension says nothing). */
  private static Spec.Builder ext(String name) {
    return Spec.named(name).rule(someContent());
  }
}
