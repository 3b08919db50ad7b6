package org.accord.taxii.server;

import org.accord.stix.AddressRange;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP Basic authentication (RFC 7617; TAXII 2.1 §1.6.9 and §8.2.2 ask servers to implement it) against the users of
 * the node configuration, defended against password guessing.
 *
 * <p><b>Design.</b> PBKDF2 is slow by intent (about 100 ms at 210,000 iterations), far too slow to run on each of
 * thousands of requests per second. A successful verification is therefore remembered for {@link #CACHE_TTL}, keyed by
 * SHA-256 over a random per-process pepper, the user name and the password: the key proves knowledge of the password
 * without holding it, and the pepper makes the keys useless outside this process. Failures are not cached, so a
 * guesser always pays the full PBKDF2 cost. An unknown user name costs the same PBKDF2 run as a wrong password
 * (against a dummy hash), and both end in the same {@link TaxiiException#unauthorized()}, so neither timing nor message
 * tells which names exist. Nothing here logs or echoes the header or the password.
 *
 * <p><b>Guessing.</b> A login runs, in order: (1) the {@link LoginThrottle}: a user name or client address that has
 * failed too often is refused with 429 and {@code Retry-After} until its exponential back-off ends, before any cache
 * look-up or PBKDF2 run, right password or not (OWASP Authentication Cheat Sheet, "Protect against automated
 * attacks"); (2) the cache of successful verifications; (3) PBKDF2, at most {@link
 * AuthSettings#concurrentVerifications()} at once (a fair semaphore): guessers who rotate names and addresses can keep
 * those slots busy, but not every request thread, and users whose verification is cached never wait for a slot. A
 * login that waits longer than {@link AuthSettings#verificationWait()} for a slot is answered 503 with {@code
 * Retry-After}. (4) A failure is counted against the name and the address and audited (one WARN line naming the user
 * name, sanitised, and the address); a success clears the name's failures.
 *
 * <p>The price of per-name back-off is that a guesser can hold a known user back for up to {@link
 * AuthSettings#backoffMax()} at a time; the cap bounds it, and the audit lines say who did it from where.
 */
public final class Authenticator {
  /** How long a successful verification is trusted without re-running PBKDF2. */
  static final Duration CACHE_TTL = Duration.ofSeconds(60);
  /** Bound on remembered verifications; the cache is cleared when it fills (simple, and refills at once). */
  static final int CACHE_MAX = 10_000;

  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  /** The longest user name an audit line quotes; longer ones are cut (a name is attacker-chosen text). */
  private static final int LOGGED_NAME_MAX = 64;

  private final Map<String, User> users;
  private final Clock clock;
  private final AuthSettings settings;
  private final LoginThrottle throttle;
  private final Semaphore verifications;
  private final List<AddressRange> trustedProxies;
  private final byte[] pepper = new byte[32];
  private final String dummyHash;
  private final ConcurrentHashMap<String, Verified> cache = new ConcurrentHashMap<>();
  private final AtomicLong pbkdf2Runs = new AtomicLong();

  /** With {@link AuthSettings#DEFAULTS}. */
  public Authenticator(Collection<User> users, Clock clock) {
    this(users, AuthSettings.DEFAULTS, clock);
  }

  /**
   * @param users who may log in
   * @param settings throttling and PBKDF2 rationing
   * @param clock the time source of the cache and the back-off (tests control it)
   */
  public Authenticator(Collection<User> users, AuthSettings settings, Clock clock) {
    this.users = users.stream().collect(Collectors.toUnmodifiableMap(User::name, Function.identity()));
    this.clock = clock;
    this.settings = settings;
    this.throttle = new LoginThrottle(settings, this.users.keySet());
    this.verifications = new Semaphore(settings.concurrentVerifications(), true);
    this.trustedProxies = AddressRange.parseAll(settings.trustedProxies());
    new SecureRandom().nextBytes(pepper);
    // Same cost as a real user's hash, so an unknown name is not faster to reject.
    int iterations =
        users.stream()
            .map(u -> Integer.parseInt(u.passwordHash().split("\\$")[1]))
            .max(Integer::compare)
            .orElse(PasswordHash.DEFAULT_ITERATIONS);
    this.dummyHash = PasswordHash.hash("not a password".toCharArray(), iterations);
  }

  /** As {@link #authenticate(String, String)} from an unnamed address (tests of the password check alone). */
  User authenticate(String authorization) {
    return authenticate(authorization, "unknown");
  }

  /**
   * The user of a request's {@code Authorization} header sent from {@code address} (the client's IP address); 401
   * when it is missing, malformed or wrong, 429 while the name or the address is backed off, 503 when no PBKDF2 slot
   * frees up in time.
   */
  public User authenticate(String authorization, String address) {
    if (authorization == null) {
      throw TaxiiException.unauthorized(); // a first request without credentials is normal, not a failure
    }
    if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw failed(null, address);
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(authorization.substring(6).trim());
    } catch (IllegalArgumentException e) {
      throw failed(null, address);
    }
    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(decoded));
    char[] credentials = new char[chars.remaining()];
    chars.get(credentials);
    Arrays.fill(decoded, (byte) 0);
    Arrays.fill(chars.array(), '\0');
    try {
      return check(credentials, address);
    } finally {
      PasswordHash.wipe(credentials);
    }
  }

  private User check(char[] credentials, String address) {
    int colon = indexOf(credentials, ':');
    if (colon < 0) {
      throw failed(null, address);
    }
    String name = new String(credentials, 0, colon);
    Instant now = clock.instant();
    Duration wait = throttle.wait(name, address, now);
    if (!wait.isZero()) {
      throw TaxiiException.tooManyRequests(seconds(wait)); // no cache look-up, no PBKDF2: the right password too
    }
    char[] password = Arrays.copyOfRange(credentials, colon + 1, credentials.length);
    try {
      User user = users.get(name);
      String key = cacheKey(credentials);
      Verified hit = cache.get(key);
      if (user != null && hit != null && hit.user() == user && now.isBefore(hit.expires())) {
        throttle.success(name);
        return user;
      }
      boolean ok = verify(password, user != null ? user.passwordHash() : dummyHash);
      if (!ok || user == null) {
        throw failed(name, address);
      }
      throttle.success(name);
      if (cache.size() >= CACHE_MAX) {
        cache.clear();
      }
      cache.put(key, new Verified(user, now.plus(CACHE_TTL)));
      return user;
    } finally {
      PasswordHash.wipe(password);
    }
  }

  /** PBKDF2 in one of the rationed slots (see the class note). */
  private boolean verify(char[] password, String hash) {
    boolean acquired;
    try {
      acquired = verifications.tryAcquire(settings.verificationWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      acquired = false;
    }
    if (!acquired) {
      throw TaxiiException.unavailable("every password check is busy: try again shortly", 1);
    }
    try {
      pbkdf2Runs.incrementAndGet();
      return PasswordHash.verify(password, hash);
    } finally {
      verifications.release();
    }
  }

  /** Counts and audits a failed login, and the 401 that answers it. */
  private TaxiiException failed(String name, String address) {
    LoginThrottle.Outcome o = throttle.failure(name, address, clock.instant());
    String backoff = o.backoff().isZero() ? "" : "; backed off for " + seconds(o.backoff()) + " s";
    if (name == null) {
      LOG.warn("failed login: malformed credentials from {} ({} failure(s) from the address{})", address,
          o.addressFailures(), backoff);
    } else {
      LOG.warn("failed login: user '{}' from {} ({} failure(s) in a row for the name, {} from the address{})",
          printable(name), address, o.userFailures(), o.addressFailures(), backoff);
    }
    return TaxiiException.unauthorized();
  }

  private static long seconds(Duration d) {
    return Math.max(1, (d.toMillis() + 999) / 1000); // Retry-After is whole seconds, rounded up
  }

  /** A user name fit for a log line: no control characters (no forged lines), at most {@value #LOGGED_NAME_MAX}. */
  static String printable(String name) {
    StringBuilder sb = new StringBuilder(Math.min(name.length(), LOGGED_NAME_MAX));
    name.codePoints()
        .limit(LOGGED_NAME_MAX)
        .forEach(c -> sb.appendCodePoint(Character.isISOControl(c) || c == '\'' ? '?' : c));
    return name.codePointCount(0, name.length()) > LOGGED_NAME_MAX ? sb + "..." : sb.toString();
  }

  /** The reverse proxies whose {@code X-Forwarded-For} names the client ({@link AuthSettings#trustedProxies()}). */
  List<AddressRange> trustedProxies() {
    return trustedProxies;
  }

  /** The throttle's records: lets tests see that guessing cannot grow it without bound. */
  int trackedRecords() {
    return throttle.size();
  }

  /** How many times PBKDF2 ran: lets tests see the cache work. */
  long pbkdf2Runs() {
    return pbkdf2Runs.get();
  }

  private String cacheKey(char[] credentials) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(pepper);
      ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(credentials));
      sha.update(bytes.duplicate());
      Arrays.fill(bytes.array(), (byte) 0);
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int indexOf(char[] chars, char c) {
    for (int i = 0; i < chars.length; i++) {
      if (chars[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private record Verified(User user, Instant expires) {}
}
