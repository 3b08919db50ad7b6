package org.accord.taxii.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.accord.store.Page;
import org.junit.jupiter.api.Test;

/** Password hashes, next tokens, timestamps and the authentication cache, without HTTP. */
class UnitsTest {
  private static final byte[] SECRET = new SecureRandom().generateSeed(32);

  @Test
  void passwordHashVerifiesOnlyTheRightPassword() {
    String hash = PasswordHash.hash("s3cret".toCharArray(), 1_000);
    assertThat(hash).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]+\\$[A-Za-z0-9+/]+");
    assertThat(PasswordHash.verify("s3cret".toCharArray(), hash)).isTrue();
    assertThat(PasswordHash.verify("s3cret ".toCharArray(), hash)).isFalse();
    assertThat(PasswordHash.verify("s3cret".toCharArray(), "pbkdf2-sha256$1000$bad")).isFalse();
  }

  @Test
  void sameHashesDifferentlyEachTime() {
    assertThat(PasswordHash.hash("x".toCharArray(), 1_000)).isNotEqualTo(PasswordHash.hash("x".toCharArray(), 1_000));
  }

  @Test
  void defaultHashUsesTheOwaspIterationCount() {
    assertThat(PasswordHash.hash("x".toCharArray())).startsWith("pbkdf2-sha256$210000$");
  }

  @Test
  void userToStringHidesThePasswordHash() {
    String hash = PasswordHash.hash("x".toCharArray(), 1_000);
    assertThat(new User("u", hash, Map.of()).toString()).doesNotContain(hash.split("\\$")[3]);
  }

  @Test
  void authenticatorCachesSuccessByHashNotByPassword() {
    String hash = PasswordHash.hash("pw".toCharArray(), 1_000);
    Authenticator auth = new Authenticator(List.of(new User("u", hash, Map.of())), Clock.systemUTC());
    String header = "Basic " + Base64.getEncoder().encodeToString("u:pw".getBytes());
    assertThat(auth.authenticate(header).name()).isEqualTo("u");
    assertThat(auth.authenticate(header).name()).isEqualTo("u");
    assertThat(auth.pbkdf2Runs()).isEqualTo(1); // the second check came from the cache
    String wrong = "Basic " + Base64.getEncoder().encodeToString("u:pw2".getBytes());
    assertThatThrownBy(() -> auth.authenticate(wrong)).isInstanceOf(TaxiiException.class)
        .extracting(e -> ((TaxiiException) e).status()).isEqualTo(401);
    assertThatThrownBy(() -> auth.authenticate(wrong)).isInstanceOf(TaxiiException.class);
    assertThat(auth.pbkdf2Runs()).isEqualTo(3); // failures are never cached
  }

  @Test
  void authenticationExpiresFromTheCacheAfterItsTtl() {
    String hash = PasswordHash.hash("pw".toCharArray(), 1_000);
    MutableClock clock = new MutableClock();
    Authenticator auth = new Authenticator(List.of(new User("u", hash, Map.of())), clock);
    String header = "Basic " + Base64.getEncoder().encodeToString("u:pw".getBytes());
    auth.authenticate(header);
    clock.now = clock.now.plus(Authenticator.CACHE_TTL).plusSeconds(1);
    assertThat(auth.authenticate(header).name()).isEqualTo("u");
    assertThat(auth.pbkdf2Runs()).isEqualTo(2); // re-verified with PBKDF2 after the TTL
  }

  @Property
  void nextTokenRoundTripsForItsOwnQuery(@ForAll @LongRange(min = 0) long micros) {
    NextTokens tokens = new NextTokens(SECRET);
    String token = tokens.encode(new Page.Cursor(micros), "objects:c|");
    assertThat(tokens.decode(token, "objects:c|")).isEqualTo(new Page.Cursor(micros));
    assertThatThrownBy(() -> tokens.decode(token, "objects:d|")).isInstanceOf(TaxiiException.class);
  }

  @Test
  void nextTokenOfAnotherNodeSecretIsRejected() {
    String token = new NextTokens(new SecureRandom().generateSeed(32)).encode(new Page.Cursor(5), "q");
    assertThatThrownBy(() -> new NextTokens(SECRET).decode(token, "q")).isInstanceOf(TaxiiException.class);
  }

  /**
   * Issue 8, finding 4: a token used to carry its position in clear (base64 of the date_added); at the work bound
   * that is the date_added of a withheld version. Now it says nothing: same length whatever the position, a fresh
   * token for the same position each time, and no bit of it can be altered.
   */
  @Test
  void aNextTokenRevealsNothingAboutItsPosition() {
    NextTokens tokens = new NextTokens(SECRET);
    long micros = 1_709_251_200_123_456L;
    String a = tokens.encode(new Page.Cursor(micros), "q");
    String b = tokens.encode(new Page.Cursor(micros), "q");
    String c = tokens.encode(new Page.Cursor(5), "q");
    String d = tokens.encode(new Page.Cursor(micros), "another query");
    // The same page of the same query is the same token (a retried page is the same bytes, for the ledger); any
    // other position or query gives an unrelated one of the same size.
    assertThat(a).isEqualTo(b).isNotEqualTo(c).isNotEqualTo(d).hasSameSizeAs(c);
    assertThat(a.substring(0, 16)).isNotEqualTo(d.substring(0, 16));
    assertThat(new String(java.util.Base64.getUrlDecoder().decode(a), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(Long.toString(micros));
    assertThat(tokens.decode(b, "q")).isEqualTo(new Page.Cursor(micros));
    for (int i = 0; i < a.length(); i++) {
      char[] chars = a.toCharArray();
      chars[i] = chars[i] == 'A' ? 'B' : 'A';
      String altered = new String(chars);
      assertThatThrownBy(() -> tokens.decode(altered, "q")).isInstanceOf(TaxiiException.class);
    }
  }

  @Test
  void timestampsKeepMillisecondsAndMoreOnlyWhenPresent() {
    assertThat(Timestamps.format(Instant.parse("2016-01-01T00:00:00Z"))).isEqualTo("2016-01-01T00:00:00.000Z");
    assertThat(Timestamps.format(Instant.parse("2016-01-01T00:00:00.123456Z"))).isEqualTo("2016-01-01T00:00:00.123456Z");
    assertThat(Timestamps.formatDateAdded(Instant.parse("2016-01-01T00:00:00.1Z"))).isEqualTo("2016-01-01T00:00:00.100000Z");
    assertThat(Timestamps.parse("x", "2016-01-01T00:00:00Z")).isEqualTo(Instant.parse("2016-01-01T00:00:00Z"));
    assertThatThrownBy(() -> Timestamps.parse("x", "2016-13-01T00:00:00Z")).isInstanceOf(TaxiiException.class);
  }

  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
