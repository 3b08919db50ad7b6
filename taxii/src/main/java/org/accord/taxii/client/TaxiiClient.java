package org.accord.taxii.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.accord.stix.StixJson;

/**
 * A TAXII 2.1 client for one peer: the server-information endpoints (§4), collections (§5.1, §5.2), Get Objects and
 * Get Object Manifests (§5.3, §5.4) page by page or to the end, Add Objects (§5.5) and status polling (§4.3).
 *
 * <p>Design. Plain {@code java.net.http} and Jackson; nothing of the server. Every request is one {@link #send}:
 * Basic credentials and the TAXII media type (§1.6.8) are added there, an error status becomes a {@link
 * TaxiiClientException.Http}, an I/O failure a {@link TaxiiClientException.Transport}, and the whole exchange runs
 * under the {@link RetryPolicy} ({@link Retrier}); waits go through the injected {@link Sleeper} and {@link Clock}
 * so tests run fast. Adding objects is retried like the GETs: re-posting a version is a no-op in a store that keeps
 * versions by id and modified. Credentials travel only in the {@code Authorization} header, never in a URL, a log line
 * or an exception message.
 *
 * <p>URLs: an API root is given as an absolute URL ending in {@code /} (as discovery returns it, resolved); the
 * client builds {@code collections/{id}/objects/} etc. below it (§3.1). Thread-safe.
 */
public final class TaxiiClient {
  /** TAXII 2.1 §1.6.8: the media type of every request and response body. */
  public static final String TAXII_21 = "application/taxii+json;version=2.1";

  /** The STIX configuration: duplicate member names fail (STIX 2.1 §3.1), as on the server side. */
  private static final ObjectMapper JSON = StixJson.mapper();

  private final HttpClient http;
  private final Credentials credentials;
  private final Settings settings;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Retrier retrier;

  /**
   * Timeouts, retries and status polling.
   *
   * @param connectTimeout to open a connection
   * @param requestTimeout for one whole request, from sending to the end of the response body
   * @param retry how failed requests are retried
   * @param statusPollInterval wait between two reads of a pending status
   * @param statusMaxWait give up waiting for a status to complete after this long
   * @param maxResponseBytes the largest response body read; a larger one is a {@link TaxiiClientException.Protocol}
   *     (a peer must not be able to exhaust this node's memory)
   */
  public record Settings(
      Duration connectTimeout,
      Duration requestTimeout,
      RetryPolicy retry,
      Duration statusPollInterval,
      Duration statusMaxWait,
      int maxResponseBytes) {
    /** 64 MiB: far above a page of objects at any sane limit, far below a heap. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 64 << 20;

    public static final Settings DEFAULT =
        new Settings(
            Duration.ofSeconds(10), Duration.ofSeconds(60), RetryPolicy.DEFAULT, Duration.ofMillis(500),
            Duration.ofMinutes(2), DEFAULT_MAX_RESPONSE_BYTES);

    public Settings {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(retry, "retry");
      Objects.requireNonNull(statusPollInterval, "statusPollInterval");
      Objects.requireNonNull(statusMaxWait, "statusMaxWait");
      if (maxResponseBytes < 1 || maxResponseBytes == Integer.MAX_VALUE) {
        throw new IllegalArgumentException("maxResponseBytes must be between 1 and 2^31-2, was " + maxResponseBytes);
      }
    }

    public Settings withRetry(RetryPolicy newRetry) {
      return new Settings(
          connectTimeout, requestTimeout, newRetry, statusPollInterval, statusMaxWait, maxResponseBytes);
    }
  }

  /** A client with the default settings, real time and real waiting. */
  public static TaxiiClient create(Credentials credentials) {
    return new TaxiiClient(credentials, Settings.DEFAULT, Sleeper.SYSTEM, Clock.systemUTC());
  }

  public TaxiiClient(Credentials credentials, Settings settings, Sleeper sleeper, Clock clock) {
    this(
        HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build(),
        credentials, settings, sleeper, clock, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param http the HTTP client (e.g. one with the TLS context that trusts the peer)
   * @param random uniform numbers in [0, 1) for the backoff jitter
   */
  public TaxiiClient(
      HttpClient http,
      Credentials credentials,
      Settings settings,
      Sleeper sleeper,
      Clock clock,
      DoubleSupplier random) {
    this.http = Objects.requireNonNull(http, "http");
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retrier = new Retrier(settings.retry(), sleeper, random);
  }

  // ---- §4 server information ---------------------------------------------------------------------------------

  /** §4.1 Server Discovery at {@code {server}/taxii2/}. */
  public Resources.Discovery discover(URI server) {
    URI url = server.resolve("/taxii2/");
    return Resources.discovery(get(url).json(), url);
  }

  /** §4.2 Get API Root Information. */
  public Resources.ApiRoot apiRoot(URI apiRoot) {
    return Resources.apiRoot(get(root(apiRoot)).json());
  }

  /** §4.3 Get Status, once. */
  public Resources.Status status(URI apiRoot, String statusId) {
    return Resources.status(get(root(apiRoot).resolve("status/" + segment(statusId) + "/")).json());
  }

  /**
   * Reads a status until it is complete (§4.3.1), {@link Settings#statusPollInterval()} apart, for at most {@link
   * Settings#statusMaxWait()}; returns the last status read, complete or not.
   */
  public Resources.Status awaitStatus(URI apiRoot, Resources.Status accepted) {
    Instant deadline = clock.instant().plus(settings.statusMaxWait());
    Resources.Status status = accepted;
    while (!status.complete() && clock.instant().isBefore(deadline)) {
      pause(settings.statusPollInterval());
      status = status(apiRoot, status.id());
    }
    return status;
  }

  // ---- §5 collections ----------------------------------------------------------------------------------------

  /** §5.1 Get Collections (those this user may see). */
  public List<Resources.Collection> collections(URI apiRoot) {
    return Resources.collections(get(root(apiRoot).resolve("collections/")).json());
  }

  /** §5.2 Get A Collection. */
  public Resources.Collection collection(URI apiRoot, String collectionId) {
    return Resources.collection(get(URI.create(collectionUrl(apiRoot, collectionId))).json());
  }

  /** §5.4 Get Objects: one page. */
  public Resources.Envelope objects(URI apiRoot, String collectionId, ObjectFilter filter) {
    Response r = get(URI.create(collectionUrl(apiRoot, collectionId) + "objects/" + filter.queryString()));
    // §3.2: the dates of the first and last object of the page; the last one is the puller's cursor.
    return Resources.envelope(
        r.json(), r.date("X-TAXII-Date-Added-First"), r.date("X-TAXII-Date-Added-Last"), r.sha256());
  }

  /**
   * §5.4 Get Objects to the end: hands each page to {@code page}, then follows {@code next} while {@code more} is
   * true (§3.5). Returns the number of pages read.
   */
  public int objects(URI apiRoot, String collectionId, ObjectFilter filter, Consumer<Resources.Envelope> page) {
    ObjectFilter f = filter;
    for (int pages = 1; ; pages++) {
      Resources.Envelope envelope = objects(apiRoot, collectionId, f);
      page.accept(envelope);
      if (!envelope.more() || envelope.next().isEmpty()) {
        return pages;
      }
      f = f.withNext(envelope.next().get());
    }
  }

  /** §5.3 Get Object Manifests: one page. */
  public Resources.Manifest manifest(URI apiRoot, String collectionId, ObjectFilter filter) {
    Response r = get(URI.create(collectionUrl(apiRoot, collectionId) + "manifest/" + filter.queryString()));
    return Resources.manifest(r.json(), r.date("X-TAXII-Date-Added-Last"));
  }

  /** §5.5 Add Objects: posts an envelope (§3.7, as UTF-8 JSON); returns the status resource of the 202. */
  public Resources.Status addObjects(URI apiRoot, String collectionId, byte[] envelope) {
    URI url = URI.create(collectionUrl(apiRoot, collectionId) + "objects/");
    Response r =
        send(
            "POST",
            url,
            () ->
                request(url)
                    .header("Content-Type", TAXII_21)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(envelope))
                    .build());
    if (r.status() != 202) {
      throw new TaxiiClientException.Protocol(
          "POST " + url + " answered " + r.status() + ", not 202 (TAXII 2.1 §5.5)");
    }
    return Resources.status(r.json());
  }

  // ---- the peer node's own resources ---------------------------------------------------------------------------

  /**
   * GET of a JSON resource of the peer's node outside TAXII (Accord's {@code /api/...}, e.g. an evidence package's
   * manifest), with the same credentials, retries and size limit.
   */
  public JsonNode getJson(URI url) {
    return send("GET", url, () -> plain(url, "application/json").GET().build()).json();
  }

  /**
   * Streams the body of a GET of the peer's node into {@code target} (created or replaced; each retry starts it
   * over), never holding it in memory.
   *
   * @return the number of bytes written
   * @throws TaxiiClientException.Protocol when the body is longer than {@code maxBytes} (what was written is deleted)
   */
  public long download(URI url, String accept, Path target, long maxBytes) {
    String what = "GET " + url;
    return retrier.call(
        what,
        () -> {
          try {
            HttpResponse<InputStream> r =
                http.send(plain(url, accept).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() / 100 != 2) {
              byte[] body = readBounded(r.body(), what);
              throw new TaxiiClientException.Http(what, r.statusCode(), errorTitle(body), retryAfter(r));
            }
            try (InputStream in = r.body();
                OutputStream out = Files.newOutputStream(target)) {
              byte[] buffer = new byte[64 * 1024];
              long total = 0;
              int n;
              while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > maxBytes) {
                  throw new TaxiiClientException.Protocol(what + " answered with a body over " + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
              }
              return total;
            } catch (TaxiiClientException.Protocol e) {
              Files.deleteIfExists(target);
              throw e;
            }
          } catch (IOException e) {
            throw new TaxiiClientException.Transport(what, e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
          }
        });
  }

  private HttpRequest.Builder plain(URI url, String accept) {
    return HttpRequest.newBuilder(url)
        .timeout(settings.requestTimeout())
        .header("Accept", accept)
        .header("Authorization", credentials.authorization());
  }

  // ---- plumbing ----------------------------------------------------------------------------------------------

  private Response get(URI url) {
    return send("GET", url, () -> request(url).GET().build());
  }

  private HttpRequest.Builder request(URI url) {
    return HttpRequest.newBuilder(url)
        .timeout(settings.requestTimeout())
        .header("Accept", TAXII_21)
        .header("Authorization", credentials.authorization());
  }

  /** One request under the retry policy; 2xx answers only, everything else is an exception. */
  private Response send(String method, URI url, Supplier<HttpRequest> request) {
    String what = method + " " + url;
    return retrier.call(
        what,
        () -> {
          try {
            HttpResponse<InputStream> r = http.send(request.get(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body = readBounded(r.body(), what);
            if (r.statusCode() / 100 != 2) {
              throw new TaxiiClientException.Http(what, r.statusCode(), errorTitle(body), retryAfter(r));
            }
            return new Response(what, r.statusCode(), r.headers(), body);
          } catch (IOException e) {
            throw new TaxiiClientException.Transport(what, e);
          } catch (InterruptedException e) {
            // Not a TaxiiClientException: an interrupt (federation stopping) must not be retried.
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
          }
        });
  }

  /** Reads a body up to {@link Settings#maxResponseBytes()}; never holds more than that plus one byte. */
  private byte[] readBounded(InputStream in, String what) throws IOException {
    try (in) {
      byte[] body = in.readNBytes(settings.maxResponseBytes() + 1);
      if (body.length > settings.maxResponseBytes()) {
        throw new TaxiiClientException.Protocol(
            what + " answered with a body over " + settings.maxResponseBytes() + " bytes");
      }
      return body;
    }
  }

  /** The {@code title} of a TAXII error message (§3.6.1), if the body is one. */
  private static String errorTitle(byte[] body) {
    try {
      JsonNode title = JSON.readTree(body).get("title");
      return title != null && title.isTextual() ? title.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Retry-After in seconds (RFC 9110 §10.2.3); the HTTP-date form is ignored. */
  private static Duration retryAfter(HttpResponse<?> r) {
    return r.headers()
        .firstValue("Retry-After")
        .filter(v -> v.matches("[0-9]{1,6}"))
        .map(v -> Duration.ofSeconds(Long.parseLong(v)))
        .orElse(null);
  }

  private void pause(Duration d) {
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while polling a status", e);
    }
  }

  private static URI root(URI apiRoot) {
    String s = apiRoot.toString();
    return s.endsWith("/") ? apiRoot : URI.create(s + "/");
  }

  private static String collectionUrl(URI apiRoot, String collectionId) {
    return root(apiRoot) + "collections/" + segment(collectionId) + "/";
  }

  private static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A 2xx answer, its body read whole (and bounded). */
  private record Response(String what, int status, HttpHeaders headers, byte[] body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new TaxiiClientException.Protocol(what + " answered with a body that is not JSON", e);
      }
    }

    Optional<Instant> date(String header) {
      return headers.firstValue(header).map(Resources::timestamp);
    }

    String sha256() {
      return org.accord.taxii.TransferListener.sha256Hex(body);
    }
  }
}
