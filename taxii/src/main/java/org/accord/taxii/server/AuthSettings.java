package org.accord.taxii.server;

import org.accord.stix.AddressRange;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How {@link Authenticator} defends itself against password guessing (see its design note).
 *
 * @param userFreeFailures failed logins in a row a user name may have before it is backed off
 * @param addressFreeFailures failed logins an address may have before it is backed off (higher: one address may be
 *     a NAT in front of many users)
 * @param backoffBase the first back-off; each further failure doubles it
 * @param backoffMax the longest back-off; also how long a quiet name or address is remembered at all
 * @param maxTracked most user names, and most addresses, remembered (least recently seen forgotten first)
 * @param concurrentVerifications most PBKDF2 checks running at once: the rest of the request threads stay free
 * @param verificationWait how long a login waits for a PBKDF2 slot before it is answered 503
 * @param trustedProxies addresses or CIDR blocks of reverse proxies whose {@code X-Forwarded-For} names the client;
 *     empty (the default): the TCP peer is the client and the header is ignored
 */
public record AuthSettings(
    int userFreeFailures,
    int addressFreeFailures,
    Duration backoffBase,
    Duration backoffMax,
    int maxTracked,
    int concurrentVerifications,
    Duration verificationWait,
    List<String> trustedProxies) {
  /** 5 failures per name, 20 per address, back-off 1 s doubling to 15 min, 2 PBKDF2 checks at once. */
  public static final AuthSettings DEFAULTS =
      new AuthSettings(5, 20, Duration.ofSeconds(1), Duration.ofMinutes(15), 10_000, 2, Duration.ofSeconds(5),
          List.of());

  public AuthSettings {
    Objects.requireNonNull(backoffBase, "backoffBase");
    Objects.requireNonNull(backoffMax, "backoffMax");
    Objects.requireNonNull(verificationWait, "verificationWait");
    trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    if (userFreeFailures < 1 || addressFreeFailures < 1 || maxTracked < 1 || concurrentVerifications < 1) {
      throw new IllegalArgumentException(
          "free failures, tracked entries and concurrent verifications must be positive");
    }
    if (backoffBase.isNegative() || backoffBase.isZero() || backoffMax.compareTo(backoffBase) < 0) {
      throw new IllegalArgumentException("the back-off must be positive and its maximum at least its base");
    }
    AddressRange.parseAll(trustedProxies); // fails early on a malformed entry
  }
}
