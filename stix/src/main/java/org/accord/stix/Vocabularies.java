package org.accord.stix;

import java.util.Set;

/**
 * The open vocabularies (STIX 2.1 §10, suffix -ov: other values allowed, so an unknown value is only a warning) and
 * the enumerations (suffix -enum: closed, an unknown value is an error) of STIX 2.1, as constant sets.
 */
final class Vocabularies {
  private Vocabularies() {}

  record Vocab(String name, Set<String> values, boolean open) {}

  private static Vocab ov(String name, String... values) {
    return new Vocab(name, Set.of(values), true);
  }

  private static Vocab en(String name, String... values) {
    return new Vocab(name, Set.of(values), false);
  }

  static final Vocab ACCOUNT_TYPE =
      ov("account-type-ov", "facebook", "ldap", "nis", "openid", "radius", "skype", "tacacs", "twitter", "unix",
          "windows-local", "windows-domain");
  static final Vocab ATTACK_MOTIVATION =
      ov("attack-motivation-ov", "accidental", "coercion", "dominance", "ideology", "notoriety",
          "organizational-gain", "personal-gain", "personal-satisfaction", "revenge", "unpredictable");
  static final Vocab ATTACK_RESOURCE_LEVEL =
      ov("attack-resource-level-ov", "individual", "club", "contest", "team", "organization", "government");
  static final Vocab GROUPING_CONTEXT =
      ov("grouping-context-ov", "suspicious-activity", "malware-analysis", "unspecified");
  static final Vocab HASHING_ALGORITHM =
      ov("hashing-algorithm-ov", "MD5", "SHA-1", "SHA-256", "SHA-512", "SHA3-256", "SHA3-512", "SSDEEP", "TLSH");
  static final Vocab IDENTITY_CLASS =
      ov("identity-class-ov", "individual", "group", "system", "organization", "class", "unknown");
  static final Vocab IMPLEMENTATION_LANGUAGE =
      ov("implementation-language-ov", "applescript", "bash", "c", "c++", "c#", "go", "java", "javascript", "lua",
          "objective-c", "perl", "php", "powershell", "python", "ruby", "scala", "swift", "typescript",
          "visual-basic", "x86-32", "x86-64");
  static final Vocab INDICATOR_TYPE =
      ov("indicator-type-ov", "anomalous-activity", "anonymization", "benign", "compromised",
          "malicious-activity", "attribution", "unknown");
  static final Vocab INDUSTRY_SECTOR =
      ov("industry-sector-ov", "agriculture", "aerospace", "automotive", "chemical", "commercial",
          "communications", "construction", "defense", "education", "energy", "entertainment",
          "financial-services", "government", "government-emergency-services", "government-local",
          "government-national", "government-public-services", "government-regional", "healthcare",
          "hospitality-leisure", "infrastructure", "infrastructure-dams", "infrastructure-nuclear",
          "infrastructure-water", "insurance", "manufacturing", "mining", "non-profit", "pharmaceuticals",
          "retail", "technology", "telecommunications", "transportation", "utilities");
  static final Vocab INFRASTRUCTURE_TYPE =
      ov("infrastructure-type-ov", "amplification", "anonymization", "botnet", "command-and-control",
          "control-system", "exfiltration", "firewall", "hosting-malware", "hosting-target-lists", "phishing",
          "reconnaissance", "routers-switches", "staging", "workstation", "unknown");
  static final Vocab MALWARE_RESULT = ov("malware-result-ov", "malicious", "suspicious", "benign", "unknown");
  static final Vocab MALWARE_CAPABILITIES =
      ov("malware-capabilities-ov", "accesses-remote-machines", "anti-debugging", "anti-disassembly",
          "anti-emulation", "anti-memory-forensics", "anti-sandbox", "anti-vm", "captures-input-peripherals",
          "captures-output-peripherals", "captures-system-state-data", "cleans-traces-of-infection",
          "commits-fraud", "communicates-with-c2", "compromises-data-availability",
          "compromises-data-integrity", "compromises-system-availability", "controls-local-machine",
          "degrades-security-software", "degrades-system-updates", "determines-c2-server", "emails-spam",
          "escalates-privileges", "evades-av", "exfiltrates-data", "fingerprints-host", "hides-artifacts",
          "hides-executing-code", "infects-files", "infects-remote-machines", "installs-other-components",
          "persists-after-system-reboot", "prevents-artifact-access", "prevents-artifact-deletion",
          "probes-network-environment", "self-modifies", "steals-authentication-credentials",
          "violates-system-operational-integrity");
  static final Vocab MALWARE_TYPE =
      ov("malware-type-ov", "adware", "backdoor", "bot", "bootkit", "ddos", "downloader", "dropper",
          "exploit-kit", "keylogger", "ransomware", "remote-access-trojan", "resource-exploitation",
          "rogue-security-software", "rootkit", "screen-capture", "spyware", "trojan", "unknown", "virus",
          "webshell", "wiper", "worm");
  static final Vocab PATTERN_TYPE =
      ov("pattern-type-ov", "stix", "pcre", "sigma", "snort", "suricata", "yara");
  static final Vocab PROCESSOR_ARCHITECTURE =
      ov("processor-architecture-ov", "alpha", "arm", "ia-64", "mips", "powerpc", "sparc", "x86", "x86-64");
  static final Vocab REGION =
      ov("region-ov", "africa", "eastern-africa", "middle-africa", "northern-africa", "southern-africa",
          "western-africa", "americas", "caribbean", "central-america", "latin-america-caribbean",
          "northern-america", "south-america", "asia", "central-asia", "eastern-asia", "southern-asia",
          "south-eastern-asia", "western-asia", "europe", "eastern-europe", "northern-europe", "southern-europe",
          "western-europe", "oceania", "antarctica", "australia-new-zealand", "melanesia", "micronesia",
          "polynesia");
  static final Vocab REPORT_TYPE =
      ov("report-type-ov", "attack-pattern", "campaign", "identity", "indicator", "intrusion-set", "malware",
          "observed-data", "threat-actor", "threat-report", "tool", "vulnerability");
  static final Vocab THREAT_ACTOR_TYPE =
      ov("threat-actor-type-ov", "activist", "competitor", "crime-syndicate", "criminal", "hacker",
          "insider-accidental", "insider-disgruntled", "nation-state", "sensationalist", "spy", "terrorist",
          "unknown");
  static final Vocab THREAT_ACTOR_ROLE =
      ov("threat-actor-role-ov", "agent", "director", "independent", "infrastructure-architect",
          "infrastructure-operator", "malware-author", "sponsor");
  static final Vocab THREAT_ACTOR_SOPHISTICATION =
      ov("threat-actor-sophistication-ov", "none", "minimal", "intermediate", "advanced", "expert", "innovator",
          "strategic");
  static final Vocab TOOL_TYPE =
      ov("tool-type-ov", "denial-of-service", "exploitation", "information-gathering", "network-capture",
          "credential-exploitation", "remote-access", "vulnerability-scanning", "unknown");
  static final Vocab WINDOWS_PEBINARY_TYPE = ov("windows-pebinary-type-ov", "dll", "exe", "sys");

  static final Vocab ENCRYPTION_ALGORITHM =
      en("encryption-algorithm-enum", "AES-256-GCM", "ChaCha20-Poly1305", "mime-type-indicated");
  static final Vocab EXTENSION_TYPE =
      en("extension-type-enum", "new-sdo", "new-sco", "new-sro", "property-extension",
          "toplevel-property-extension");
  static final Vocab SOCKET_ADDRESS_FAMILY =
      en("network-socket-address-family-enum", "AF_UNSPEC", "AF_INET", "AF_IPX", "AF_APPLETALK", "AF_NETBIOS",
          "AF_INET6", "AF_IRDA", "AF_BTH");
  static final Vocab SOCKET_TYPE =
      en("network-socket-type-enum", "SOCK_STREAM", "SOCK_DGRAM", "SOCK_RAW", "SOCK_RDM", "SOCK_SEQPACKET");
  static final Vocab OPINION =
      en("opinion-enum", "strongly-disagree", "disagree", "neutral", "agree", "strongly-agree");
  static final Vocab WINDOWS_INTEGRITY_LEVEL =
      en("windows-integrity-level-enum", "low", "medium", "high", "system");
  static final Vocab WINDOWS_REGISTRY_DATATYPE =
      en("windows-registry-datatype-enum", "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
          "REG_DWORD_BIG_ENDIAN", "REG_DWORD_LITTLE_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST",
          "REG_FULL_RESOURCE_DESCRIPTION", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD", "REG_INVALID_TYPE");
  static final Vocab WINDOWS_SERVICE_START_TYPE =
      en("windows-service-start-type-enum", "SERVICE_AUTO_START", "SERVICE_BOOT_START",
          "SERVICE_DEMAND_START", "SERVICE_DISABLED", "SERVICE_SYSTEM_ALERT");
  static final Vocab WINDOWS_SERVICE_TYPE =
      en("windows-service-type-enum", "SERVICE_KERNEL_DRIVER", "SERVICE_FILE_SYSTEM_DRIVER",
          "SERVICE_WIN32_OWN_PROCESS", "SERVICE_WIN32_SHARE_PROCESS");
  static final Vocab WINDOWS_SERVICE_STATUS =
      en("windows-service-status-enum", "SERVICE_CONTINUE_PENDING", "SERVICE_PAUSE_PENDING", "SERVICE_PAUSED",
          "SERVICE_RUNNING", "SERVICE_START_PENDING", "SERVICE_STOP_PENDING", "SERVICE_STOPPED");
  /** TLP 2.0 extension property {@code tlp_2_0}: closed by the extension definition's schema. */
  static final Vocab TLP2_LEVEL = en("tlp-2-0", "clear", "green", "amber", "amber+strict", "red");
}
