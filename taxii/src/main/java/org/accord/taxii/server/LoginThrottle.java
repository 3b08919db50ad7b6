package org.accord.taxii.server;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Failed logins per user name and per client address, with exponential back-off (see {@link Authenticator}'s design
 * note for where it sits in a login).
 *
 * <p>After {@code freeFailures} failures in a row a key is backed off for {@code base · 2^(failures − free)}, capped
 * at {@code max}; while backed off every attempt is refused at once, whatever the password, and is not counted (a
 * legitimate client retrying does not lengthen its own wait). A success clears the user name's record, not the
 * address's: one valid account must not let a guesser wipe its address's record between guesses. A record quiet for
 * {@code max} is forgotten.
 *
 * <p><b>Bounded memory.</b> A guesser chooses user names and (with enough hosts) addresses, so neither may grow the
 * state without limit: configured user names have one record each (they are few and fixed); other names and all
 * addresses live in LRU tables of {@code maxTracked} entries. An address or name that keeps knocking stays at the
 * recent end (every check touches it), so flooding the table with fresh keys evicts the quiet ones first; fresh keys
 * cost a full PBKDF2 check each, which {@link Authenticator} rations. Unknown names are throttled exactly like known
 * ones, so a 429 does not tell which names exist (until the unknown-name table overflows, when an old unknown name
 * may be forgotten early — a weaker signal than any alternative that grows without bound).
 *
 * <p>Thread-safe: one lock; each operation is a few map look-ups, far cheaper than the PBKDF2 run it can save.
 */
final class LoginThrottle {
  private final AuthSettings settings;
  private final Set<String> knownUsers;
  private final Map<String, Failures> known = new LinkedHashMap<>();
  private final Map<String, Failures> unknown;
  private final Map<String, Failures> addresses;

  LoginThrottle(AuthSettings settings, Set<String> knownUsers) {
    this.settings = settings;
    this.knownUsers = Set.copyOf(knownUsers);
    this.unknown = lru(settings.maxTracked());
    this.addresses = lru(settings.maxTracked());
  }

  /** The failures of one key: how many in a row, the last one, and the end of the back-off they earned. */
  static final class Failures {
    int count;
    Instant last;
    Instant blockedUntil = Instant.MIN;
  }

  /** What a failure led to, for the audit line. */
  record Outcome(int userFailures, int addressFailures, Duration backoff) {}

  /** How long {@code user} (may be null: no name given) from {@code address} must still wait; zero when it may try. */
  synchronized Duration wait(String user, String address, Instant now) {
    Duration byUser = user == null ? Duration.ZERO : remaining(table(user), user, now);
    Duration byAddress = remaining(addresses, address, now);
    return byUser.compareTo(byAddress) >= 0 ? byUser : byAddress;
  }

  /** Counts a failed login of {@code user} (null: no usable name) from {@code address}. */
  synchronized Outcome failure(String user, String address, Instant now) {
    Failures u = user == null ? null : count(table(user), user, settings.userFreeFailures(), now);
    Failures a = count(addresses, address, settings.addressFreeFailures(), now);
    Instant until = u != null && u.blockedUntil.isAfter(a.blockedUntil) ? u.blockedUntil : a.blockedUntil;
    Duration backoff = until.isAfter(now) ? Duration.between(now, until) : Duration.ZERO;
    return new Outcome(u == null ? 0 : u.count, a.count, backoff);
  }

  /** A successful login clears the user name's failures (the address keeps its record; see the class note). */
  synchronized void success(String user) {
    table(user).remove(user);
  }

  /** How many records are held: lets tests see the bound. */
  synchronized int size() {
    return known.size() + unknown.size() + addresses.size();
  }

  private Map<String, Failures> table(String user) {
    return knownUsers.contains(user) ? known : unknown;
  }

  private Duration remaining(Map<String, Failures> table, String key, Instant now) {
    Failures f = table.get(key);
    if (f == null) {
      return Duration.ZERO;
    }
    if (forgotten(f, now)) {
      table.remove(key);
      return Duration.ZERO;
    }
    return f.blockedUntil.isAfter(now) ? Duration.between(now, f.blockedUntil) : Duration.ZERO;
  }

  private Failures count(Map<String, Failures> table, String key, int free, Instant now) {
    Failures f = table.get(key);
    if (f == null || forgotten(f, now)) {
      f = new Failures();
      table.put(key, f);
    }
    f.count++;
    f.last = now;
    if (f.count >= free) {
      // The free-th failure earns the base back-off, each further one doubles it (shift capped: no overflow).
      int doublings = Math.min(f.count - free, 30);
      long millis = Math.min(settings.backoffBase().toMillis() << doublings, settings.backoffMax().toMillis());
      if (settings.backoffBase().toMillis() << doublings < 0) {
        millis = settings.backoffMax().toMillis();
      }
      f.blockedUntil = now.plusMillis(millis);
    }
    return f;
  }

  private boolean forgotten(Failures f, Instant now) {
    Instant end = f.blockedUntil.isAfter(f.last) ? f.blockedUntil : f.last;
    return !now.isBefore(end.plus(settings.backoffMax()));
  }

  private static Map<String, Failures> lru(int max) {
    return new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
        return size() > max;
      }
    };
  }
}
