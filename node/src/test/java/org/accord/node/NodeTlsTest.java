package org.accord.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.accord.taxii.server.PasswordHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a configured keystore (TAXII 2.1 §8.2.2: servers MUST accept TLS 1.2). */
class NodeTlsTest {
  @TempDir Path dir;

  @Test
  void nodeServesTaxiiOverTlsWithTheConfiguredKeystore() throws Exception {
    Path keystore = dir.resolve("node.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keyalg", "EC", "-groupname", "secp256r1", "-alias", "node",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1", "-validity", "2")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

    String hash = PasswordHash.hash("pw".toCharArray(), 1_000);
    NodeConfig config =
        new NodeConfig(
            "tls-node", null, null, 0, new NodeConfig.Tls(keystore, "changeit"), dir.resolve("data"), null,
            new NodeConfig.Taxii(null, null, null, null, null, null,
                List.of(new NodeConfig.User("alice", hash, Map.of("*", new NodeConfig.Access(true, true)), null))),
            null, null, null, null, null, null);
    try (RunningNode node = Node.start(config)) {
      assertThat(node.baseUrl()).startsWith("https://127.0.0.1:");
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(keystore)).build();
      HttpResponse<String> r =
          https.send(
              HttpRequest.newBuilder(URI.create(node.baseUrl() + "/taxii2/"))
                  .header("Accept", SpecClient.TAXII)
                  .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"title\":\"tls-node\"");
    }
  }

  private static SSLContext trusting(Path keystore) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
