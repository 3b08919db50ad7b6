package org.accord.taxii.client;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * HTTP Basic credentials for one peer (TAXII 2.1 §1.6.9 requires servers to support Basic). The password is never
 * printed by {@link #toString()}, and the client sends it only in the {@code Authorization} header.
 *
 * @param user the user name this node has at the peer (a party, in the peer's rulebook)
 * @param password its password
 */
public record Credentials(String user, String password) {
  public Credentials {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (user.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a Basic user name cannot contain ':' (RFC 7617 §2)");
    }
  }

  /** The {@code Authorization} header value (RFC 7617 §2, UTF-8). */
  public String authorization() {
    String pair = user + ":" + password;
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Credentials[user=" + user + ", password=***]";
  }
}
