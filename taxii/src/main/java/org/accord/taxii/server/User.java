package org.accord.taxii.server;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A TAXII user: name, PBKDF2 password hash and what it may do per collection (TAXII 2.1 §5.2 {@code can_read} /
 * {@code can_write}). Collections are keyed by id or alias; the key {@code *} applies to every collection not named.
 *
 * @param name the user name sent with HTTP Basic
 * @param passwordHash a {@link PasswordHash} text; never printed by {@link #toString()}
 * @param access per-collection rights
 * @param party the rulebook party this user is the node of (a peer), or null for a user of this node's own party
 */
public record User(String name, String passwordHash, Map<String, Access> access, String party) {
  /** Key of the entry that applies to every collection without one of its own. */
  public static final String ANY_COLLECTION = "*";

  public User {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty() || name.indexOf(':') >= 0) {
      throw new IllegalArgumentException("a user name must be non-empty and contain no ':' (RFC 7617 §2)");
    }
    if (!PasswordHash.isWellFormed(passwordHash)) {
      throw new IllegalArgumentException(
          "user '" + name + "': password_hash is not of the form pbkdf2-sha256$<iterations>$<salt>$<hash>");
    }
    access = Map.copyOf(access);
    if (party != null && party.isBlank()) {
      throw new IllegalArgumentException("user '" + name + "': party must not be blank");
    }
  }

  /** A user of this node's own party. */
  public User(String name, String passwordHash, Map<String, Access> access) {
    this(name, passwordHash, access, null);
  }

  /** What this user may do on a collection, looked up by id, then alias, then {@code *}. */
  public Access accessTo(String collectionId, String alias) {
    return Optional.ofNullable(access.get(collectionId))
        .or(() -> Optional.ofNullable(alias).map(access::get))
        .or(() -> Optional.ofNullable(access.get(ANY_COLLECTION)))
        .orElse(Access.NONE);
  }

  @Override
  public String toString() {
    return "User[name=" + name + ", passwordHash=(hidden), access=" + access
        + (party == null ? "" : ", party=" + party) + "]";
  }

  /**
   * Rights on one collection: TAXII 2.1 §5.2 {@code can_read} and {@code can_write}, and whether the user may delete
   * objects (§5.7), which TAXII leaves to the server and this server grants only when configured: a delete removes
   * every selected version for good, so write access alone does not imply it.
   */
  public record Access(boolean canRead, boolean canWrite, boolean canDelete) {
    public static final Access NONE = new Access(false, false);
    public static final Access READ = new Access(true, false);
    public static final Access WRITE = new Access(false, true);
    public static final Access READ_WRITE = new Access(true, true);

    /** Read and write, no delete. */
    public Access(boolean canRead, boolean canWrite) {
      this(canRead, canWrite, false);
    }

    public boolean any() {
      return canRead || canWrite;
    }
  }
}
