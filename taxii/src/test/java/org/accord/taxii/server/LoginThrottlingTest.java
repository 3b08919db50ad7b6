package org.accord.taxii.server;

import org.accord.stix.AddressRange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.accord.store.CollectionInfo;
import org.accord.store.ObjectStore;
import org.accord.store.StoreSettings;
import org.accord.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Issue 8, finding 8: password guessing is throttled per user name and per address with exponential back-off, refused
 * attempts cost no PBKDF2, the state stays bounded, failures are audited, and PBKDF2 is rationed.
 */
class LoginThrottlingTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final String HASH = PasswordHash.hash(PASSWORD.toCharArray(), 1_000);
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static int status(Authenticator auth, String user, String password, String address) {
    try {
      auth.authenticate(basic(user, password), address);
      return 200;
    } catch (TaxiiException e) {
      return e.status();
    }
  }

  @Test
  void fortyWrongPasswordsThenTheRightOneIsRefusedOverHttpUntilTheBackOffEnds(@TempDir Path dir) throws Exception {
    Fates.SettableClock clock = new Fates.SettableClock(START);
    Authenticator auth = new Authenticator(List.of(new User("alice", HASH, Map.of("*", User.Access.READ_WRITE))),
        AuthSettings.DEFAULTS, clock);
    ObjectStore store = Stores.open(StoreSettings.embedded(dir));
    CollectionInfo intel = new CollectionInfo(TestServer.INTEL, "Intel", null, "intel", List.of());
    store.ensureCollection(intel);
    TaxiiSettings settings = new TaxiiSettings("t", null, null,
        List.of(new TaxiiSettings.ApiRoot("accord", "Accord", null, List.of(intel))), 1 << 16, 5);
    TaxiiServer server = new TaxiiServer(settings, store, auth, o -> List.of(), TaxiiServer.Policies.open(),
        new NextTokens(new SecureRandom().generateSeed(32)), clock);
    Javalin app = Javalin.create(server::install).start("127.0.0.1", 0);
    HttpClient http = HttpClient.newHttpClient();
    try {
      int[] statuses = new int[40];
      for (int i = 0; i < 40; i++) {
        statuses[i] = get(http, app.port(), basic("alice", "guess " + i)).statusCode();
      }
      long runsWhileGuessing = auth.pbkdf2Runs();
      HttpResponse<String> right = get(http, app.port(), basic("alice", PASSWORD));

      assertThat(statuses).startsWith(401, 401, 401, 401, 401);
      assertThat(java.util.Arrays.stream(statuses).skip(5)).containsOnly(429);
      assertThat(runsWhileGuessing).isEqualTo(5); // refused attempts never reach PBKDF2
      TaxiiEndpointsTest.assertError(right, 429); // the right password too, while the back-off lasts
      assertThat(right.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(right.body()).doesNotContain(PASSWORD).doesNotContain("alice");

      clock.now = clock.now.plusSeconds(2);
      assertThat(get(http, app.port(), basic("alice", PASSWORD)).statusCode()).isEqualTo(200);
      // The success cleared the name's failures: one more typo is a plain 401, not a longer back-off.
      assertThat(get(http, app.port(), basic("alice", "typo")).statusCode()).isEqualTo(401);
    } finally {
      app.stop();
      store.close();
    }
  }

  private static HttpResponse<String> get(HttpClient http, int port, String authorization) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/taxii2/"))
        .header("Accept", MediaTypes.TAXII_21).header("Authorization", authorization).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void eachFurtherFailureDoublesTheBackOffUpToItsCap() {
    Fates.SettableClock clock = new Fates.SettableClock(START);
    AuthSettings settings = new AuthSettings(3, 1000, Duration.ofSeconds(1), Duration.ofSeconds(10), 100, 2,
        Duration.ofSeconds(5), List.of());
    Authenticator auth = new Authenticator(List.of(new User("alice", HASH, Map.of())), settings, clock);
    for (int i = 0; i < 3; i++) {
      assertThat(status(auth, "alice", "x", "10.0.0.1")).isEqualTo(401);
    }
    long[] waits = new long[6];
    for (int i = 0; i < waits.length; i++) {
      TaxiiException refused = catchTaxii(auth, "alice", "x", "10.0.0.1");
      assertThat(refused.status()).isEqualTo(429);
      waits[i] = (Long) refused.details().get(TaxiiException.RETRY_AFTER);
      clock.now = clock.now.plusSeconds(waits[i]);
      assertThat(status(auth, "alice", "x", "10.0.0.1")).isEqualTo(401); // a fresh failure, a longer back-off
    }
    assertThat(waits).containsExactly(1, 2, 4, 8, 10, 10);
  }

  private static TaxiiException catchTaxii(Authenticator auth, String user, String password, String address) {
    try {
      auth.authenticate(basic(user, password), address);
    } catch (TaxiiException e) {
      return e;
    }
    throw new AssertionError("expected a refusal");
  }

  @Test
  void anAddressGuessingManyNamesIsBackedOffButOtherAddressesAreNot() {
    Fates.SettableClock clock = new Fates.SettableClock(START);
    Authenticator auth = new Authenticator(List.of(new User("alice", HASH, Map.of())), AuthSettings.DEFAULTS, clock);
    for (int i = 0; i < 20; i++) {
      assertThat(status(auth, "name" + i, "x", "192.0.2.66")).isEqualTo(401);
    }
    assertThat(status(auth, "someone-new", "x", "192.0.2.66")).isEqualTo(429);
    assertThat(status(auth, "alice", PASSWORD, "192.0.2.66")).isEqualTo(429);
    assertThat(status(auth, "alice", PASSWORD, "192.0.2.7")).isEqualTo(200);
  }

  @Test
  void unknownNamesAreBackedOffExactlyLikeKnownOnes() {
    Authenticator auth = new Authenticator(List.of(new User("alice", HASH, Map.of())), new Fates.SettableClock(START));
    int[] known = new int[7];
    int[] unknown = new int[7];
    for (int i = 0; i < 7; i++) {
      known[i] = status(auth, "alice", "x", "10.0.0." + i);
      unknown[i] = status(auth, "nobody", "x", "10.0.1." + i);
    }
    assertThat(unknown).containsExactly(known);
  }

  @Test
  void guessersRotatingNamesAndAddressesCannotGrowTheStateWithoutBound() {
    AuthSettings settings = new AuthSettings(5, 20, Duration.ofSeconds(1), Duration.ofMinutes(15), 50, 2,
        Duration.ofSeconds(5), List.of());
    Authenticator auth = new Authenticator(List.of(new User("alice", HASH, Map.of())), settings, new Fates.SettableClock(START));
    for (int i = 0; i < 1_000; i++) {
      status(auth, "guess-" + i, "x", "10.1." + (i >> 8) + "." + (i & 0xff));
    }
    assertThat(auth.trackedRecords()).isLessThanOrEqualTo(2 * 50 + 1);
  }

  @Test
  void everyFailureIsAuditedWithNameAndAddressButNeverThePassword() {
    Logger logger = (Logger) LoggerFactory.getLogger(Authenticator.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    ch.qos.logback.classic.Level configured = logger.getLevel(); // the test configuration silences the audit
    logger.setLevel(ch.qos.logback.classic.Level.WARN);
    logger.addAppender(lines);
    try {
      Authenticator auth = new Authenticator(List.of(new User("alice", HASH, Map.of())), new Fates.SettableClock(START));
      status(auth, "alice", "hunter2-secret", "198.51.100.9");
      status(auth, "evil\nFAKE LOG LINE", "pw", "198.51.100.9");
      assertThat(lines.list).hasSize(2);
      assertThat(lines.list.get(0).getFormattedMessage())
          .contains("alice").contains("198.51.100.9").doesNotContain("hunter2");
      assertThat(lines.list.get(1).getFormattedMessage()).doesNotContain("\n");
      assertThat(lines.list).allMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN);
      assertThat(lines.list).noneMatch(e -> e.getFormattedMessage().contains("Basic "));
    } finally {
      logger.detachAppender(lines);
      logger.setLevel(configured);
    }
  }

  @Test
  void busyPbkdf2SlotsAnswer503WhileCachedLoginsGoThrough() throws Exception {
    // One slot, and a user whose hash takes long enough to hold it while the others knock.
    String slow = PasswordHash.hash("slow".toCharArray(), 3_000_000);
    AuthSettings settings = new AuthSettings(5, 20, Duration.ofSeconds(1), Duration.ofMinutes(15), 100, 1,
        Duration.ofMillis(20), List.of());
    Authenticator auth = new Authenticator(
        List.of(new User("alice", HASH, Map.of()), new User("slow", slow, Map.of())), settings, Clock.systemUTC());
    assertThat(status(auth, "alice", PASSWORD, "10.0.0.1")).isEqualTo(200); // now cached
    CountDownLatch started = new CountDownLatch(1);
    Thread holder = new Thread(() -> {
      started.countDown();
      status(auth, "slow", "slow", "10.0.0.2");
    });
    holder.start();
    started.await();
    while (auth.pbkdf2Runs() < 2) {
      Thread.onSpinWait(); // the slow check has the slot
    }
    try {
      assertThat(status(auth, "bob", "guess", "10.0.0.3")).isEqualTo(503);
      assertThat(status(auth, "alice", PASSWORD, "10.0.0.1")).isEqualTo(200); // the cache needs no slot
    } finally {
      holder.join();
    }
  }

  @Test
  void forwardedForIsBelievedOnlyFromATrustedProxy() {
    List<AddressRange> proxies = AddressRange.parseAll(List.of("10.0.0.0/8", "::1"));
    assertThat(TaxiiServer.clientAddress("192.0.2.1", "203.0.113.5", proxies)).isEqualTo("192.0.2.1");
    assertThat(TaxiiServer.clientAddress("10.0.0.2", "203.0.113.5", proxies)).isEqualTo("203.0.113.5");
    // The left entries are the client's to invent; the proxy appended the right-most untrusted one.
    assertThat(TaxiiServer.clientAddress("10.0.0.2", "1.1.1.1, 203.0.113.5, 10.0.0.3", proxies))
        .isEqualTo("203.0.113.5");
    assertThat(TaxiiServer.clientAddress("10.0.0.2", "not-an-address", proxies)).isEqualTo("10.0.0.2");
    assertThat(TaxiiServer.clientAddress("10.0.0.2", "203.0.113.5", List.of())).isEqualTo("10.0.0.2");
    assertThat(TaxiiServer.clientAddress("0:0:0:0:0:0:0:1", "2001:db8::1", proxies)).isEqualTo("2001:db8::1");
  }

  @Test
  void trustedProxiesMustBeAddressLiteralsNeverNames() {
    assertThatThrownBy(() -> AddressRange.parse("proxy.example.org")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
    assertThat(AddressRange.parse("10.1.2.3/8").contains(new byte[] {10, 9, 9, 9})).isTrue();
  }
}
