package org.accord.taxii.server;

import io.javalin.http.Context;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.accord.store.CollectionInfo;

/**
 * Resolves the API root and collection a request names and checks the user's rights on it (TAXII 2.1 §5.2
 * {@code can_read}/{@code can_write}).
 *
 * <p>A collection the user may neither read nor write answers 404, exactly like one that does not exist, so its
 * existence is not disclosed (the rule of §5.7's table, applied to every endpoint; §5.4 and §5.6 allow 403 or 404).
 * A collection the user can see but lacks the needed right for answers 403, and so does one the {@link AccessPolicy}
 * refuses with a reason (a peer without a clause is told why, an own user why a collection is read-only to it). The
 * rights come from the {@link AccessPolicy}; deleting needs a right of its own, never granted to a peer.
 */
final class Scopes {
  private final Map<String, TaxiiSettings.ApiRoot> roots;
  private final AccessPolicy policy;

  Scopes(TaxiiSettings settings, AccessPolicy policy) {
    this.policy = policy;
    this.roots =
        settings.apiRoots().stream()
            .collect(Collectors.toUnmodifiableMap(TaxiiSettings.ApiRoot::name, Function.identity()));
  }

  TaxiiSettings.ApiRoot apiRoot(Context ctx) {
    String name = ctx.pathParam("apiRoot");
    TaxiiSettings.ApiRoot root = roots.get(name);
    if (root == null) {
      throw TaxiiException.notFound("no API root '" + name + "'");
    }
    return root;
  }

  /** The collection of the path, which the user may read. */
  CollectionInfo readable(Context ctx) {
    CollectionInfo c = visible(ctx);
    if (!access(ctx, c).canRead()) {
      throw TaxiiException.forbidden("no read access to collection " + c.id());
    }
    return c;
  }

  /** The collection of the path, which the user may write. */
  CollectionInfo writable(Context ctx) {
    CollectionInfo c = visible(ctx);
    AccessPolicy.Grant grant = grant(ctx, c);
    if (!grant.access().canWrite()) {
      throw TaxiiException.forbidden(
          grant.refusal() != null ? grant.refusal() : "no write access to collection " + c.id());
    }
    return c;
  }

  /**
   * The collection of the path, from which the user may delete: read, write and the delete right (TAXII 2.1 §5.7
   * leaves who may delete to the server). A peer never may, and is told so before the path is looked at: the same
   * 403 for every API root, collection and object id, so that a delete tells a peer nothing about what exists. An
   * object belongs to its originator; a peer's node withdraws what it sent by revoking it (STIX 2.1 §3.6), which is a
   * new version, not a delete.
   */
  CollectionInfo deletable(Context ctx) {
    if (Principal.of(TaxiiServer.user(ctx)).isPeer()) {
      throw TaxiiException.forbidden(PEERS_NEVER_DELETE);
    }
    CollectionInfo c = visible(ctx);
    AccessPolicy.Grant grant = grant(ctx, c);
    User.Access a = grant.access();
    if (!a.canRead() || !a.canWrite() || !a.canDelete()) {
      throw TaxiiException.forbidden(
          grant.refusal() != null
              ? grant.refusal()
              : "deleting needs read, write and delete rights on collection " + c.id()
                  + " (delete is granted per user and collection in the node's configuration)");
    }
    return c;
  }

  static final String PEERS_NEVER_DELETE =
      "a peer's node may not delete objects on this node: an object belongs to its originator, who withdraws it by"
          + " revoking it (STIX 2.1 §3.6)";

  /** The collection of the path, if the user has any right on it. */
  CollectionInfo visible(Context ctx) {
    TaxiiSettings.ApiRoot root = apiRoot(ctx);
    String key = ctx.pathParam("id");
    CollectionInfo c =
        root.collections().stream()
            .filter(x -> x.id().equals(key) || key.equals(x.alias()))
            .findFirst()
            .orElseThrow(() -> TaxiiException.notFound("no collection '" + key + "' in API root " + root.name()));
    AccessPolicy.Grant grant = grant(ctx, c);
    if (!grant.access().any()) {
      if (grant.refusal() != null) {
        throw TaxiiException.forbidden(grant.refusal());
      }
      throw TaxiiException.notFound("no collection '" + key + "' in API root " + root.name());
    }
    return c;
  }

  User.Access access(Context ctx, CollectionInfo c) {
    return grant(ctx, c).access();
  }

  private AccessPolicy.Grant grant(Context ctx, CollectionInfo c) {
    return policy.access(TaxiiServer.user(ctx), c);
  }
}
