package org.accord.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.accord.node.Node;
import org.accord.node.NodeConfig;
import org.accord.node.NodeConfigReader;
import org.accord.node.NodeKeys;
import org.accord.node.PrivateFiles;
import org.accord.rules.Rulebook;
import org.accord.rules.RulebookParser;
import org.accord.rules.RulebookSigner;
import org.accord.rules.SignedRulebook;
import org.accord.taxii.server.PasswordHash;

/**
 * Three parties' nodes on loopback for the onward-sharing tests (issue 12, part 2), set up as {@link TwoNodeSetup}
 * sets up two: each its own data directory, key pair and {@code accord.yaml}; one rulebook, signed by all three and
 * activated on each. The route is a line: CN offers {@code shared}; US pulls it into {@code from-cn} and either
 * serves {@code from-cn} to FR's pull ({@link Route#PULL}) or pushes it to FR's {@code inbox} ({@link Route#PUSH}).
 * Every node has a user for every other party's node, whose rights come from the rulebook alone; a local analyst.
 */
final class ThreeNodes {
  static final String SHARED = "0b6f6c1e-0a57-4c43-9a52-2b7a3e0c1d01";
  static final String FROM_CN = "0b6f6c1e-0a57-4c43-9a52-2b7a3e0c1d02";
  static final String FROM_US = "0b6f6c1e-0a57-4c43-9a52-2b7a3e0c1d03";
  static final String INBOX = "0b6f6c1e-0a57-4c43-9a52-2b7a3e0c1d04";
  static final List<String> PARTIES = List.of("cn", "us", "fr");
  static final Map<String, String> IDENTITIES =
      Map.of(
          "cn", TestObjects.CN_IDENTITY,
          "us", TestObjects.US_IDENTITY,
          "fr", "identity--5d0e1c7a-4b9f-4e57-8a2c-61f3c0b7d9e8");

  /** How US's copy reaches FR. */
  enum Route {
    PULL,
    PUSH
  }

  final Map<String, NodeConfig> configs;
  final Map<String, String> analystPasswords;
  final Map<String, String> nodePasswords; // "<caller>@<callee>" -> password
  final SignedRulebook rulebook;

  private ThreeNodes(Map<String, NodeConfig> configs, Map<String, String> analysts, Map<String, String> nodes,
      SignedRulebook rulebook) {
    this.configs = configs;
    this.analystPasswords = analysts;
    this.nodePasswords = nodes;
    this.rulebook = rulebook;
  }

  /**
   * @param rulebookYaml the rulebook text with {@code ${CN_KEY}}, {@code ${US_KEY}}, {@code ${FR_KEY}} for the keys
   */
  static ThreeNodes prepare(Path base, String rulebookYaml, Route route) throws IOException {
    PrivateFiles.createDirectory(base.toAbsolutePath());
    Map<String, Integer> ports = new HashMap<>();
    Map<String, String> analysts = new HashMap<>();
    Map<String, String> nodes = new HashMap<>();
    for (String p : PARTIES) {
      ports.put(p, freePort());
      analysts.put(p, password());
      for (String q : PARTIES) {
        if (!p.equals(q)) {
          nodes.put(p + "@" + q, password());
        }
      }
    }
    Map<String, NodeConfig> configs = new LinkedHashMap<>();
    Map<String, KeyPair> keys = new HashMap<>();
    String text = rulebookYaml;
    for (String p : PARTIES) {
      Path dir = base.resolve(p).toAbsolutePath();
      PrivateFiles.createDirectory(dir);
      StringBuilder y = new StringBuilder();
      y.append("name: ").append(p).append("-cert\n")
          .append("party: ").append(p).append('\n')
          .append("host: 127.0.0.1\n")
          .append("port: ").append(ports.get(p)).append('\n')
          .append("data_dir: ").append(dir.resolve("data")).append('\n')
          .append("federation: { interval_seconds: 0, page_size: 50 }\n")
          .append("taxii:\n  title: Accord test node ").append(p).append('\n')
          .append("  api_roots:\n    - name: ").append(TwoNodeSetup.API_ROOT).append("\n      collections:\n");
      switch (p) {
        case "cn" -> collection(y, SHARED, "shared");
        case "us" -> collection(y, FROM_CN, "from-cn");
        default -> {
          collection(y, FROM_US, "from-us");
          collection(y, INBOX, "inbox");
        }
      }
      y.append("  users:\n    - name: analyst\n      password_hash: \"")
          .append(PasswordHash.hash(analysts.get(p).toCharArray(), 1_000))
          .append("\"\n      collections: { \"*\": { read: true, write: true } }\n");
      for (String q : PARTIES) {
        if (!q.equals(p)) {
          y.append("    - name: ").append(q).append("-node\n      party: ").append(q)
              .append("\n      password_hash: \"")
              .append(PasswordHash.hash(nodes.get(q + "@" + p).toCharArray(), 1_000)).append("\"\n");
        }
      }
      y.append("peers:\n");
      for (String q : PARTIES) {
        if (q.equals(p)) {
          continue;
        }
        y.append("  - party: ").append(q).append("\n    url: http://127.0.0.1:").append(ports.get(q))
            .append("\n    api_root: ").append(TwoNodeSetup.API_ROOT)
            .append("\n    user: ").append(p).append("-node\n    password: \"").append(nodes.get(p + "@" + q))
            .append("\"\n");
        if (p.equals("us") && q.equals("cn")) {
          y.append("    pull:\n      - { remote: ").append(SHARED).append(", local: ").append(FROM_CN).append(" }\n");
        }
        if (p.equals("us") && q.equals("fr") && route == Route.PUSH) {
          y.append("    push:\n      - { local: ").append(FROM_CN).append(", remote: ").append(INBOX).append(" }\n");
        }
        if (p.equals("fr") && q.equals("us")) {
          if (route == Route.PULL) {
            y.append("    pull:\n      - { remote: ").append(FROM_CN).append(", local: ").append(FROM_US)
                .append(" }\n");
          } else {
            y.append("    inbox: [ ").append(INBOX).append(" ]\n");
          }
        }
      }
      Path file = dir.resolve("accord.yaml");
      PrivateFiles.writeString(file, y.toString());
      NodeConfig config = NodeConfigReader.read(file);
      configs.put(p, config);
      KeyPair k = NodeKeys.loadOrCreate(config.dataDir());
      keys.put(p, k);
      text = text.replace("${" + p.toUpperCase() + "_KEY}", NodeKeys.publicKeyText(k));
    }
    if (text.contains("${DE_KEY}")) { // a party without a node here: it signs, and receives nothing in these tests
      Path deKeys = base.resolve("de-keys").toAbsolutePath();
      PrivateFiles.createDirectory(deKeys);
      KeyPair k = NodeKeys.loadOrCreate(deKeys);
      keys.put("de", k);
      text = text.replace("${DE_KEY}", NodeKeys.publicKeyText(k));
    }
    Rulebook parsed = RulebookParser.parse(text, "three-parties.yaml");
    SignedRulebook signed = null;
    for (Map.Entry<String, KeyPair> k : keys.entrySet()) {
      signed = signed == null
          ? RulebookSigner.sign(parsed, k.getKey(), k.getValue().getPrivate())
          : RulebookSigner.sign(signed, k.getKey(), k.getValue().getPrivate());
    }
    for (NodeConfig c : configs.values()) {
      Node.activate(c, signed);
    }
    return new ThreeNodes(configs, analysts, nodes, signed);
  }

  /** {@code caller}'s node as {@code callee}'s node knows it, as an HTTP Basic value. */
  String nodeAt(String caller, String callee) {
    return TwoNodeHttp.basic(caller + "-node", nodePasswords.get(caller + "@" + callee));
  }

  private static void collection(StringBuilder y, String id, String alias) {
    y.append("        - { id: ").append(id).append(", alias: ").append(alias).append(", title: \"").append(alias)
        .append("\" }\n");
  }

  private static String password() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
