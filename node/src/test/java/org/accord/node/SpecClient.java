package org.accord.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A minimal TAXII 2.1 client written from the specification alone: raw HTTP and JSON, none of the server's classes.
 * It is the "independent client" of the acceptance test, so that server and test cannot share a misreading.
 */
final class SpecClient {
  /** TAXII 2.1 §1.6.8: the one media type of requests and responses. */
  static final String TAXII = "application/taxii+json;version=2.1";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ObjectMapper json = new ObjectMapper();
  private final String authorization;

  SpecClient(String user, String password) {
    this.authorization =
        user == null
            ? null
            : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** §4.1: the discovery resource at {@code /taxii2/}. */
  JsonNode discover(String serverUrl) {
    return getOk(serverUrl + "/taxii2/");
  }

  /** GET a TAXII resource that must answer 200. */
  JsonNode getOk(String url) {
    HttpResponse<String> r = send(request(url).GET().build());
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + url + " answered " + r.statusCode() + ": " + r.body());
    }
    return parse(r.body());
  }

  /** §5.4 + §3.5: every object of a collection, page by page, following {@code next} until {@code more} is false. */
  List<JsonNode> allObjects(String collectionUrl, int limit) {
    List<JsonNode> out = new ArrayList<>();
    String next = null;
    do {
      String url = collectionUrl + "objects/?limit=" + limit + (next == null ? "" : "&next=" + enc(next));
      JsonNode envelope = getOk(url);
      envelope.path("objects").forEach(out::add);
      next = envelope.path("more").asBoolean(false) ? envelope.path("next").asText(null) : null;
    } while (next != null);
    return out;
  }

  /** §5.5: POST an envelope or bundle; returns the response (202 and a status resource when accepted). */
  HttpResponse<String> post(String collectionUrl, String body) {
    return send(
        request(collectionUrl + "objects/")
            .header("Content-Type", TAXII)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
  }

  /** §4.3: polls a status resource until it is complete (or gives up). */
  JsonNode awaitStatus(String apiRootUrl, String statusId) {
    for (int attempt = 0; attempt < 50; attempt++) {
      JsonNode status = getOk(apiRootUrl + "status/" + statusId + "/");
      if (status.path("status").asText().equals("complete")) {
        return status;
      }
      sleep(100);
    }
    throw new AssertionError("status " + statusId + " never completed");
  }

  HttpRequest.Builder request(String url) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", TAXII).timeout(Duration.ofSeconds(30));
    return authorization == null ? b : b.header("Authorization", authorization);
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonNode parse(String body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
