package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.accord.taxii.server.PasswordHash;
import org.junit.jupiter.api.Test;

class NodeConfigReaderTest {
  private static final String HASH = PasswordHash.hash("pw".toCharArray(), 1_000);

  @Test
  void emptyFileGivesEveryDefault() {
    NodeConfig c = NodeConfigReader.parse("", "accord.yaml");
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(9440);
    assertThat(c.dataDir()).isEqualTo(Path.of("data"));
    assertThat(c.store()).isNull();
    assertThat(c.tls()).isNull();
    assertThat(c.taxii().maxContentLength()).isEqualTo(100L * 1024 * 1024);
    assertThat(c.taxii().maxPageSize()).isEqualTo(1000);
    assertThat(c.taxii().apiRoots()).extracting(NodeConfig.ApiRoot::name).containsExactly("accord");
    assertThat(c.taxii().users()).isEmpty();
    assertThat(Node.storeSettings(c).jdbcUrl()).startsWith("jdbc:sqlite:").endsWith("accord.db");
  }

  @Test
  void settingsAreReadWithSnakeCaseKeys() {
    NodeConfig c =
        NodeConfigReader.parse(
            String.join("\n",
                "name: node-a", "host: 0.0.0.0", "port: 8443", "data_dir: /var/lib/accord",
                "tls: {keystore: /etc/accord/node.p12, keystore_password: ks-secret}",
                "store: {jdbc_url: 'jdbc:postgresql://db/accord', user: accord, password: db-secret}",
                "taxii:", "  max_content_length: 1024", "  max_page_size: 10",
                "  api_roots:", "    - name: feeds", "      collections:",
                "        - {id: 365fed99-08fa-fdcd-a1b3-fb247eb41d01, alias: intel}",
                "  users:", "    - {name: alice, password_hash: '" + HASH + "', collections: {intel: {read: true}}}"),
            "accord.yaml");
    assertThat(c.port()).isEqualTo(8443);
    assertThat(c.tls().keystore()).isEqualTo(Path.of("/etc/accord/node.p12"));
    assertThat(c.store().jdbcUrl()).isEqualTo("jdbc:postgresql://db/accord");
    assertThat(c.taxii().maxPageSize()).isEqualTo(10);
    assertThat(c.taxii().users().get(0).collections().get("intel").read()).isTrue();
    assertThat(c.taxii().users().get(0).collections().get("intel").write()).isFalse();
    assertThat(c.toString()).doesNotContain("ks-secret").doesNotContain("db-secret").doesNotContain(HASH.split("\\$")[3]);
  }

  @Test
  void unknownKeyIsAnErrorNamingKeyAndLine() {
    assertThatThrownBy(() -> NodeConfigReader.parse("name: a\nprot: 9000\n", "accord.yaml"))
        .isInstanceOf(NodeConfigReader.ConfigException.class)
        .hasMessageContaining("unknown key 'prot'")
        .hasMessageContaining("line 2")
        .hasMessageContaining("port");
  }

  @Test
  void unknownNestedKeyIsAnErrorToo() {
    String yaml = String.join("\n",
        "taxii:", "  users:", "    - name: alice", "      password_hash: '" + HASH + "'",
        "      collections: {'*': {read: true, can_write: true}}");
    assertThatThrownBy(() -> NodeConfigReader.parse(yaml, "accord.yaml"))
        .hasMessageContaining("unknown key 'can_write' (taxii.users[0].collections.*.can_write)")
        .hasMessageContaining("line 5");
  }

  @Test
  void userRightsOnAnUndefinedCollectionAreAnError() {
    String yaml = String.join("\n",
        "taxii:", "  users:", "    - name: alice", "      password_hash: '" + HASH + "'",
        "      collections: {nowhere: {read: true}}");
    assertThatThrownBy(() -> NodeConfigReader.parse(yaml, "accord.yaml")).hasMessageContaining("'nowhere'");
  }

  @Test
  void malformedPasswordHashIsAnErrorThatDoesNotEchoIt() {
    String yaml = "taxii:\n  users:\n    - {name: alice, password_hash: hunter2}\n";
    assertThatThrownBy(() -> NodeConfigReader.parse(yaml, "accord.yaml"))
        .hasMessageContaining("password_hash")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void peersFederationAndSensorAreRead() {
    String yaml =
        "party: cn\n"
            + "unmarked_tlp: amber+strict\n"
            + "peers:\n"
            + "  - party: us\n"
            + "    url: https://us.example:9440\n"
            + "    user: cn-node\n"
            + "    password_env: PEER_US\n"
            + "    pull: [{remote: a, local: b}]\n"
            + "federation: {interval_seconds: 0, page_size: 50}\n"
            + "sensor:\n"
            + "  tlp: green\n"
            + "  home_country: cn\n"
            + "  thresholds: {finance-web: {pps: 50000}}\n";
    NodeConfig c = NodeConfigReader.parse(yaml, "accord.yaml");
    assertThat(c.unmarked()).isEqualTo(org.accord.stix.Tlp.AMBER_STRICT);
    assertThat(c.peer("us")).hasValueSatisfying(p -> {
      assertThat(p.apiRoot()).isEqualTo("accord");
      assertThat(p.pull()).containsExactly(new NodeConfig.Link("a", "b"));
      assertThat(p.toString()).doesNotContain("PEER_US=").contains("password=(hidden)");
    });
    assertThat(c.federation().intervalSeconds()).isZero();
    assertThat(c.sensor().homeCountry()).isEqualTo("CN");
    assertThat(c.sensor().thresholds().get("finance-web").pps()).isEqualTo(50000.0);
  }

  @Test
  void aPeerNeedsExactlyOneWayToItsPasswordAndNoCredentialsInItsUrl() {
    String both = "peers: [{party: us, url: 'https://us.example', user: u, password: p, password_env: E}]\n";
    String inUrl = "peers: [{party: us, url: 'https://u:p@us.example', user: u, password: p}]\n";
    String self = "party: cn\npeers: [{party: cn, url: 'https://x.example', user: u, password: p}]\n";
    assertThatThrownBy(() -> NodeConfigReader.parse(both, "accord.yaml")).hasMessageContaining("exactly one of");
    assertThatThrownBy(() -> NodeConfigReader.parse(inUrl, "accord.yaml")).hasMessageContaining("without credentials");
    assertThatThrownBy(() -> NodeConfigReader.parse(self, "accord.yaml")).hasMessageContaining("own party");
  }

  private static String withUsersAndPeers(String user, String peers) {
    return String.join("\n",
        "party: cn",
        "taxii:", "  api_roots:", "    - name: accord", "      collections:",
        "        - {id: 365fed99-08fa-fdcd-a1b3-fb247eb41d01, alias: shared}",
        "        - {id: 1c0a3e5f-7b2d-4c9e-8a61-3f5d2b7c9e04, alias: inbox}",
        "  users:", "    - " + user, peers);
  }

  @Test
  void theDeleteRightIsOffByDefaultAndGrantedPerCollection() {
    NodeConfig c = NodeConfigReader.parse(withUsersAndPeers("{name: alice, password_hash: '" + HASH + "',"
        + " collections: {'*': {read: true, write: true}, shared: {read: true, write: true, delete: true}}}", ""),
        "accord.yaml");

    assertThat(c.taxii().users().get(0).collections().get("*").delete()).isFalse();
    assertThat(c.taxii().users().get(0).collections().get("shared").delete()).isTrue();
  }

  @Test
  void aPeersNodeCannotBeGivenTheDeleteRight() {
    assertThatThrownBy(() -> NodeConfigReader.parse(withUsersAndPeers("{name: us-node, party: us, password_hash: '"
        + HASH + "', collections: {inbox: {read: true, write: true, delete: true}}}", ""), "accord.yaml"))
        .isInstanceOf(NodeConfigReader.ConfigException.class)
        .hasMessageContaining("line 9")
        .hasMessageContaining("user 'us-node' is the node of party us, and a peer never deletes")
        .hasMessageContaining("collection 'inbox'");
  }

  @Test
  void theDeleteRightNeedsReadAndWrite() {
    assertThatThrownBy(() -> NodeConfigReader.parse(withUsersAndPeers("{name: alice, password_hash: '" + HASH
        + "', collections: {shared: {read: true, delete: true}}}", ""), "accord.yaml"))
        .isInstanceOf(NodeConfigReader.ConfigException.class)
        .hasMessageContaining("delete: true needs read: true and write: true");
  }

  @Test
  void aCollectionHoldsOnePeersObjects() {
    String user = "{name: alice, password_hash: '" + HASH + "'}";
    String peer = "  - {party: %s, url: 'http://%s.example', user: cn-node, password: pw, %s}";
    NodeConfig ok = NodeConfigReader.parse(withUsersAndPeers(user, String.join("\n", "peers:",
        peer.formatted("us", "us", "inbox: [inbox]"),
        peer.formatted("eu", "eu", "pull: [{remote: x, local: 365fed99-08fa-fdcd-a1b3-fb247eb41d01}]"))),
        "accord.yaml");
    assertThat(ok.heldCollections()).isEqualTo(java.util.Map.of(
        "1c0a3e5f-7b2d-4c9e-8a61-3f5d2b7c9e04", "us", "365fed99-08fa-fdcd-a1b3-fb247eb41d01", "eu"));

    assertThatThrownBy(() -> NodeConfigReader.parse(withUsersAndPeers(user, String.join("\n", "peers:",
        peer.formatted("us", "us", "inbox: [inbox]"),
        peer.formatted("eu", "eu", "pull: [{remote: x, local: 1c0a3e5f-7b2d-4c9e-8a61-3f5d2b7c9e04}]"))),
        "accord.yaml"))
        .isInstanceOf(NodeConfigReader.ConfigException.class)
        .hasMessageContaining("would hold the objects of both us and eu");
  }
}
