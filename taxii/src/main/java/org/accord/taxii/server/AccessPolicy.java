package org.accord.taxii.server;

import org.accord.store.CollectionInfo;

/**
 * Decides what a user may do on a collection (TAXII 2.1 §5.2 {@code can_read} / {@code can_write}). The default reads
 * the rights configured for the user. A node with a rulebook answers for peers from the rulebook instead: a peer may
 * read when a clause lets this node send to its party, and write when a clause lets its party send to this node;
 * authorisation comes from what the parties signed, not from hand-kept lists.
 */
@FunctionalInterface
public interface AccessPolicy {
  /** The rights configured per user and collection. */
  AccessPolicy CONFIGURED = (user, collection) -> Grant.of(user.accessTo(collection.id(), collection.alias()));

  Grant access(User user, CollectionInfo collection);

  /**
   * @param access the rights
   * @param refusal why the user lacks a right, told to the client with a 403 when it asks for that right; when the
   *     user has no right at all, null answers 404 as if the collection did not exist (the default for users without
   *     rights, which does not disclose it)
   */
  record Grant(User.Access access, String refusal) {
    public static Grant of(User.Access access) {
      return new Grant(access, null);
    }
  }
}
