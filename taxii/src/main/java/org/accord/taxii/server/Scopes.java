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
 * refuses with a reason (a peer without a clause is told why). The rights come from the {@link AccessPolicy}.
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
    if (!access(ctx, c).canWrite()) {
      throw TaxiiException.forbidden("no write access to collection " + c.id());
    }
    return c;
  }

  /** Delete needs both rights (TAXII 2.1 §5.7). */
  CollectionInfo deletable(Context ctx) {
    CollectionInfo c = visible(ctx);
    User.Access a = access(ctx, c);
    if (!a.canRead() || !a.canWrite()) {
      throw TaxiiException.forbidden("deleting needs read and write access to collection " + c.id());
    }
    return c;
  }

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
