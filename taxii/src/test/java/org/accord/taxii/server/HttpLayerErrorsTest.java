package org.accord.taxii.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 8, finding 10: errors Jetty answers before any route runs (a long URI, a NUL or dot-dot in the path, broken
 * chunked framing, huge headers) are TAXII error messages (TAXII 2.1 §3.6.1) in the node's own words, like every other
 * error: no HTML, no Jetty or Jackson text, no exception names. Sent over raw sockets, since an HTTP client library
 * would refuse to send most of these.
 */
class HttpLayerErrorsTest {
  private TestServer server;

  @BeforeEach
  void start() {
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** One raw HTTP/1.1 exchange: the status and the body of the answer. */
  record Raw(int status, String headers, String body) {}

  private Raw raw(String head, byte[] body) throws IOException {
    try (Socket s = new Socket("127.0.0.1", server.app.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      InputStream in = s.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n; (n = in.read(buf)) > 0; ) {
          all.write(buf, 0, n);
          String text = all.toString(StandardCharsets.ISO_8859_1);
          int end = text.indexOf("\r\n\r\n");
          if (end > 0 && complete(text, end)) {
            break;
          }
        }
      } catch (java.net.SocketException e) {
        // the server may close right after answering a bad message
      }
      String text = all.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      return new Raw(Integer.parseInt(text.substring(9, 12)), text.substring(0, end), text.substring(end + 4));
    }
  }

  private static boolean complete(String text, int end) {
    for (String line : text.substring(0, end).split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        return text.length() - end - 4 >= Integer.parseInt(line.substring(15).strip());
      }
    }
    return false;
  }

  private Raw get(String target, String extraHeaders) throws IOException {
    return raw("GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: " + TestServer.auth("alice")
        + "\r\nAccept: " + MediaTypes.TAXII_21 + "\r\n" + extraHeaders + "Connection: close\r\n\r\n", new byte[0]);
  }

  private static void assertTaxiiError(Raw r, int status) throws JsonProcessingException {
    assertThat(r.status()).as(r.headers() + "\n" + r.body()).isEqualTo(status);
    assertThat(r.headers()).containsIgnoringCase("Content-Type: " + MediaTypes.TAXII_21);
    JsonNode body = new ObjectMapper().readTree(r.body());
    assertThat(body.path("http_status").asText()).isEqualTo(Integer.toString(status));
    assertThat(body.path("title").asText()).isNotBlank();
    assertThat(body.path("description").asText()).isNotBlank();
    assertThat(body.path("error_id").asText()).isNotBlank();
    assertThat(r.body()).doesNotContain("org.eclipse").doesNotContain("com.fasterxml").doesNotContain("Exception")
        .doesNotContain("<html").doesNotContain("Basic ").doesNotContain(TestServer.PASSWORD);
  }

  @Test
  void aVeryLongUriIs414AsTaxiiJson() throws IOException {
    assertTaxiiError(get("/taxii2/?x=" + "a".repeat(20_000), ""), 414);
  }

  @Test
  void aNulInThePathIs400AsTaxiiJson() throws IOException {
    assertTaxiiError(get("/accord/collections/%00/objects/", ""), 400);
  }

  @Test
  void anEncodedDotDotSegmentIsNotResolvedAndIs404AsTaxiiJson() throws IOException {
    // Routes match the path as sent: %2e%2e is a collection id like any other, never a step up to /taxii2/.
    assertTaxiiError(get("/accord/collections/%2e%2e/%2e%2e/taxii2/", ""), 404);
  }

  @Test
  void hugeHeadersAre431AsTaxiiJson() throws IOException {
    assertTaxiiError(get("/taxii2/", "X-Filler: " + "b".repeat(64 * 1024) + "\r\n"), 431);
  }

  @Test
  void brokenChunkedFramingIs400AsTaxiiJson() throws IOException {
    String head = "POST " + server.objectsPath(TestServer.INTEL) + " HTTP/1.1\r\nHost: x\r\nAuthorization: "
        + TestServer.auth("alice") + "\r\nAccept: " + MediaTypes.TAXII_21 + "\r\nContent-Type: "
        + MediaTypes.TAXII_21 + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    Raw r = raw(head, "5\r\n{\"obj\r\nZZZ-not-a-size\r\n".getBytes(StandardCharsets.US_ASCII));
    assertTaxiiError(r, 400);
  }

  @Test
  void jsonErrorsDescribeWhereAndWhatInTheNodesOwnWords() {
    ObjectMapper mapper = new ObjectMapper();
    String text = describe(mapper, "{x: 1}");
    assertThat(text).isEqualTo("malformed JSON at line 1, column 2: unexpected character 'x'");
    assertThat(describe(mapper, "{\"a\": [1, 2")).startsWith("malformed JSON at line 1").contains("ends before");
    assertThat(describe(mapper, "nope")).contains("unrecognized token").doesNotContain("nope");
    for (String bad : new String[] {"{x: 1}", "{\"a\": tru}", "[1,]", "{\"a\":\"\u0001\"}"}) {
      assertThat(describe(mapper, bad)).doesNotContain("code").doesNotContain("expecting").doesNotContain("Source")
          .doesNotContain("com.fasterxml");
    }
  }

  private static String describe(ObjectMapper mapper, String text) {
    try {
      mapper.readTree(text);
    } catch (JsonProcessingException e) {
      return JsonErrors.describe(e);
    }
    throw new AssertionError("parsed: " + text);
  }
}
