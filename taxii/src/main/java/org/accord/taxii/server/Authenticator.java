package org.accord.taxii.server;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * HTTP Basic authentication (RFC 7617; TAXII 2.1 §1.6.9 and §8.2.2 ask servers to implement it) against the users of
 * the node configuration.
 *
 * <p><b>Design.</b> PBKDF2 is slow by intent (about 100 ms at 210,000 iterations), far too slow to run on each of
 * thousands of requests per second. A successful verification is therefore remembered for {@link #CACHE_TTL}, keyed by
 * SHA-256 over a random per-process pepper, the user name and the password: the key proves knowledge of the password
 * without holding it, and the pepper makes the keys useless outside this process. Failures are not cached, so a
 * guesser always pays the full PBKDF2 cost. An unknown user name costs the same PBKDF2 run as a wrong password
 * (against a dummy hash), and both end in the same {@link TaxiiException#unauthorized()}, so neither timing nor message
 * tells which names exist. Nothing here logs or echoes the header or the password.
 */
public final class Authenticator {
  /** How long a successful verification is trusted without re-running PBKDF2. */
  static final Duration CACHE_TTL = Duration.ofSeconds(60);
  /** Bound on remembered verifications; the cache is cleared when it fills (simple, and refills at once). */
  static final int CACHE_MAX = 10_000;

  private final Map<String, User> users;
  private final Clock clock;
  private final byte[] pepper = new byte[32];
  private final String dummyHash;
  private final ConcurrentHashMap<String, Verified> cache = new ConcurrentHashMap<>();
  private final AtomicLong pbkdf2Runs = new AtomicLong();

  public Authenticator(Collection<User> users, Clock clock) {
    this.users = users.stream().collect(Collectors.toUnmodifiableMap(User::name, Function.identity()));
    this.clock = clock;
    new SecureRandom().nextBytes(pepper);
    // Same cost as a real user's hash, so an unknown name is not faster to reject.
    int iterations =
        users.stream()
            .map(u -> Integer.parseInt(u.passwordHash().split("\\$")[1]))
            .max(Integer::compare)
            .orElse(PasswordHash.DEFAULT_ITERATIONS);
    this.dummyHash = PasswordHash.hash("not a password".toCharArray(), iterations);
  }

  /** The user of a request's {@code Authorization} header; 401 when it is missing, malformed or wrong. */
  public User authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw TaxiiException.unauthorized();
    }
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(authorization.substring(6).trim());
    } catch (IllegalArgumentException e) {
      throw TaxiiException.unauthorized();
    }
    CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(decoded));
    char[] credentials = new char[chars.remaining()];
    chars.get(credentials);
    Arrays.fill(decoded, (byte) 0);
    Arrays.fill(chars.array(), '\0');
    try {
      return check(credentials);
    } finally {
      PasswordHash.wipe(credentials);
    }
  }

  private User check(char[] credentials) {
    int colon = indexOf(credentials, ':');
    if (colon < 0) {
      throw TaxiiException.unauthorized();
    }
    String name = new String(credentials, 0, colon);
    char[] password = Arrays.copyOfRange(credentials, colon + 1, credentials.length);
    try {
      User user = users.get(name);
      String key = cacheKey(credentials);
      Instant now = clock.instant();
      Verified hit = cache.get(key);
      if (user != null && hit != null && hit.user() == user && now.isBefore(hit.expires())) {
        return user;
      }
      pbkdf2Runs.incrementAndGet();
      boolean ok = PasswordHash.verify(password, user != null ? user.passwordHash() : dummyHash);
      if (!ok || user == null) {
        throw TaxiiException.unauthorized();
      }
      if (cache.size() >= CACHE_MAX) {
        cache.clear();
      }
      cache.put(key, new Verified(user, now.plus(CACHE_TTL)));
      return user;
    } finally {
      PasswordHash.wipe(password);
    }
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
