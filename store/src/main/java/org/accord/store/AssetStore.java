package org.accord.store;

import java.util.List;
import java.util.Optional;

/**
 * The critical-infrastructure asset registry, kept in the node's database beside the objects (migration {@code
 * V4__ci_assets.sql}) so that the operator's registry survives restarts and is managed by CLI and REST.
 *
 * <p>Open one with {@link Stores#assets(ObjectStore)}. Implementations are thread-safe; each call is one transaction.
 */
public interface AssetStore {

  /** Adds {@code asset}, or replaces the asset with the same id whole (its lists included). */
  void put(StoredAsset asset);

  /** Removes the asset with {@code id}; false when there was none. */
  boolean remove(String id);

  /** The asset with {@code id}, if any. */
  Optional<StoredAsset> get(String id);

  /** All assets, ordered by id. */
  List<StoredAsset> list();
}
