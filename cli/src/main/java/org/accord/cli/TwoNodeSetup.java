package org.accord.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
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
 * Two parties' nodes on loopback, set up the way two real parties would, for the demo and the two-node tests: each
 * node has its own data directory, key pair and {@code accord.yaml}; the bilateral rulebook carries both public keys,
 * both parties sign it, and each node activates it (recorded in its ledger).
 *
 * <ul>
 *   <li>CN ({@code cn}) holds {@code shared}, the intelligence it offers, and {@code inbox}, where US pushes (US's
 *       {@code inbox} in CN's {@code peers:}: the only collection US writes to, read-only to CN's own users);
 *   <li>US ({@code us}) pulls CN's {@code shared} into {@code from-cn} (read-only to US's own users) and pushes its
 *       {@code outbox} to CN's {@code inbox};
 *   <li>each node has a local user {@code analyst} and a user for the other party's node ({@code us-node} on CN,
 *       {@code cn-node} on US) whose rights come from the rulebook alone.
 * </ul>
 *
 * Written files: {@code <base>/cn/accord.yaml}, {@code <base>/us/accord.yaml} (with the data directories beside
 * them) and {@code <base>/rulebook.yaml} with {@code rulebook.yaml.sig}, all owner-only (directories 700, files 600:
 * a configuration holds the peer's password in clear).
 */
final class TwoNodeSetup {
  static final String RULEBOOK_TEMPLATE = "/demo/cn-us-rulebook.yaml";
  static final String API_ROOT = "accord";
  static final String SHARED = "9f3b2a84-6c1e-4d2b-8f7a-2f1c5e0d4a11";
  static final String INBOX = "1c0a3e5f-7b2d-4c9e-8a61-3f5d2b7c9e04";
  static final String FROM_CN = "5e8d1f2a-3b4c-4d6e-9f70-8a1b2c3d4e5f";
  static final String OUTBOX = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
  static final String ANALYST = "analyst";

  /** One party's node: its configuration and the passwords this run made. */
  record Side(String party, Path dir, Path configFile, NodeConfig config, String analystPassword) {}

  private final Side cn;
  private final Side us;
  private final SignedRulebook rulebook;
  private final Path rulebookFile;

  private TwoNodeSetup(Side cn, Side us, SignedRulebook rulebook, Path rulebookFile) {
    this.cn = cn;
    this.us = us;
    this.rulebook = rulebook;
    this.rulebookFile = rulebookFile;
  }

  Side cn() {
    return cn;
  }

  Side us() {
    return us;
  }

  SignedRulebook rulebook() {
    return rulebook;
  }

  Path rulebookFile() {
    return rulebookFile;
  }

  /**
   * Writes both configurations, signs the rulebook with both nodes' keys and activates it on both.
   *
   * @param base an empty or absent directory
   * @param cnPort CN's port (0: a free one, chosen now, since each node must know the other's URL)
   * @param usPort US's port (0: a free one)
   * @param intervalSeconds federation schedule (0: only on demand)
   * @param pageSize objects per federation request
   */
  static TwoNodeSetup prepare(Path base, int cnPort, int usPort, int intervalSeconds, int pageSize)
      throws IOException {
    Path cnDir = base.resolve("cn").toAbsolutePath();
    Path usDir = base.resolve("us").toAbsolutePath();
    // Owner-only: the configurations hold the peers' passwords in clear, the data directories everything else.
    PrivateFiles.createDirectory(base.toAbsolutePath());
    PrivateFiles.createDirectory(cnDir);
    PrivateFiles.createDirectory(usDir);
    int cnAt = cnPort == 0 ? freePort() : cnPort;
    int usAt = usPort == 0 ? freePort() : usPort;
    String usNodeAtCn = password();
    String cnNodeAtUs = password();
    String cnAnalyst = password();
    String usAnalyst = password();

    Path geo = base.resolve("geo.csv").toAbsolutePath();
    PrivateFiles.writeString(geo, GEO_CSV);
    String cnYaml =
        config("cn", "cn-cert", cnAt, cnDir.resolve("data"), intervalSeconds, pageSize)
            + collections(SHARED, "shared", "Intelligence CN-CERT offers", INBOX, "inbox", "What partners push")
            + users(cnAnalyst, "us-node", usNodeAtCn, "us")
            + peer("us", usAt, "cn-node", cnNodeAtUs, "", "", "    inbox: [ " + INBOX + " ]\n")
            + sensor("shared", "CN", geo)
            + "cases: { collection: shared }   # CN's requests and transitions, which US pulls\n"
            + "hash: { collection: shared }    # CN's hash banks and its match sightings, which US pulls\n";
    String usYaml =
        config("us", "us-cert", usAt, usDir.resolve("data"), intervalSeconds, pageSize)
            + collections(FROM_CN, "from-cn", "Pulled from CN-CERT", OUTBOX, "outbox", "What US-CERT pushes to CN")
            + users(usAnalyst, "cn-node", cnNodeAtUs, "cn")
            + peer("cn", cnAt, "us-node", usNodeAtCn,
                "    pull:\n      - { remote: " + SHARED + ", local: " + FROM_CN + " }\n",
                "    push:\n      - { local: " + OUTBOX + ", remote: " + INBOX + " }\n", "")
            + sensor("outbox", "US", geo)
            + "cases: { collection: outbox }   # US's transitions, which US pushes to CN\n"
            + "hash: { collection: outbox }    # US's hash banks, which US pushes to CN\n";
    Side cn = side("cn", cnDir, cnYaml, cnAnalyst);
    Side us = side("us", usDir, usYaml, usAnalyst);

    KeyPair cnKeys = NodeKeys.loadOrCreate(cn.config().dataDir());
    KeyPair usKeys = NodeKeys.loadOrCreate(us.config().dataDir());
    String text =
        template()
            .replace("${CN_KEY}", NodeKeys.publicKeyText(cnKeys))
            .replace("${US_KEY}", NodeKeys.publicKeyText(usKeys));
    Path rulebookFile = base.resolve("rulebook.yaml").toAbsolutePath();
    PrivateFiles.writeString(rulebookFile, text);
    Rulebook parsed = RulebookParser.parse(text, rulebookFile.toString());
    SignedRulebook signed =
        RulebookSigner.sign(RulebookSigner.sign(parsed, "cn", cnKeys.getPrivate()), "us", usKeys.getPrivate());
    PrivateFiles.writeString(Path.of(rulebookFile + RulebookFiles.SIGNATURE_SUFFIX), signed.signatureFile());
    Node.activate(cn.config(), signed);
    Node.activate(us.config(), signed);
    return new TwoNodeSetup(cn, us, signed, rulebookFile);
  }

  private static Side side(String party, Path dir, String yaml, String analystPassword) throws IOException {
    Path file = dir.resolve("accord.yaml");
    PrivateFiles.writeString(file, yaml);
    return new Side(party, dir, file, NodeConfigReader.read(file), analystPassword);
  }

  private static String config(
      String party, String name, int port, Path dataDir, int interval, int pageSize) {
    return "# Written by the Accord demo for party " + party + ". Passwords are random for this run.\n"
        + "name: " + name + "\n"
        + "party: " + party + "\n"
        + "host: 127.0.0.1\n"
        + "port: " + port + "\n"
        + "data_dir: " + dataDir + "\n"
        + "federation: { interval_seconds: " + interval + ", page_size: " + pageSize + " }\n"
        + "taxii:\n"
        + "  title: Accord demo node " + name + "\n";
  }

  /**
   * The demo's address plan as a geo table: the generator's home networks are CN's, its bots and clients
   * (100.64.0.0/10) and its reflectors (203.0.113.0/24) are abroad; US's own hosts sit in 192.88.99.0/24.
   */
  static final String GEO_CSV =
      "start,end,country,asn,as_org\n"
          + "192.0.2.0/24,,CN,64496,Example CN Telecom\n"
          + "198.51.100.0/24,,CN,64497,Example CN Bank Network\n"
          + "100.64.0.0/10,,US,64500,Example US Hosting\n"
          + "203.0.113.0/24,,DE,64501,Example DE Carrier\n"
          + "192.88.99.0/24,,US,64502,Example US Campus\n";

  private static String sensor(String collection, String country, Path geo) {
    return "sensor: { collection: " + collection + ", home_country: " + country + ", geo_csv: " + geo
        + ", sighting_window_seconds: 60 }\n";
  }

  private static String collections(String id1, String alias1, String title1, String id2, String alias2,
      String title2) {
    return "  api_roots:\n"
        + "    - name: " + API_ROOT + "\n"
        + "      collections:\n"
        + "        - { id: " + id1 + ", alias: " + alias1 + ", title: \"" + title1 + "\" }\n"
        + "        - { id: " + id2 + ", alias: " + alias2 + ", title: \"" + title2 + "\" }\n";
  }

  private static String users(String analystPassword, String peerUser, String peerPassword, String peerParty) {
    return "  users:\n"
        + "    - name: " + ANALYST + "\n"
        + "      password_hash: \"" + PasswordHash.hash(analystPassword.toCharArray()) + "\"\n"
        + "      collections: { \"*\": { read: true, write: true } }\n"
        + "    - name: " + peerUser + "\n"
        + "      party: " + peerParty + "   # the peer's node: the rulebook decides what it may read and write\n"
        + "      password_hash: \"" + PasswordHash.hash(peerPassword.toCharArray()) + "\"\n";
  }

  private static String peer(
      String party, int port, String user, String password, String pull, String push, String inbox) {
    return "peers:\n"
        + "  - party: " + party + "\n"
        + "    url: http://127.0.0.1:" + port + "\n"
        + "    api_root: " + API_ROOT + "\n"
        + "    user: " + user + "\n"
        + "    password: \"" + password + "\"\n"
        + pull
        + push
        + inbox;
  }

  private static String template() {
    try (InputStream in = TwoNodeSetup.class.getResourceAsStream(RULEBOOK_TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("the demo rulebook " + RULEBOOK_TEMPLATE + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String password() {
    byte[] bytes = new byte[12];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A port free now; the node binds it a moment later (a race only with another process taking it meanwhile). */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
