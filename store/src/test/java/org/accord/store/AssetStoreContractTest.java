package org.accord.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AssetStore} must have, run against each database by a subclass. Each test gets a store
 * of its own (fresh database state).
 */
abstract class AssetStoreContractTest {
  protected ObjectStore store;
  protected AssetStore assets;

  static final StoredAsset BANK =
      new StoredAsset(
          "bank-1-web", "Online banking front end", "Example Commercial Bank", "finance", 5, "finance-web",
          List.of("198.51.100.0/24", "2001:db8:100::/48", "192.0.2.0/28"), List.of("bank.example", "pay.example"));
  static final StoredAsset GRID =
      new StoredAsset(
          "grid-scada", "Grid control", "Example Power", "energy", 4, null, List.of("203.0.113.0/24"), List.of());

  /** Opens a store on fresh database state. */
  protected abstract ObjectStore openStore(Clock clock);

  /** Closes a store opened by {@link #openStore} and drops whatever it created. */
  protected abstract void closeStore(ObjectStore store);

  @BeforeEach
  void open() {
    store = openStore(Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC));
    assets = Stores.assets(store);
  }

  @AfterEach
  void close() {
    if (store != null) {
      closeStore(store);
    }
  }

  @Test
  void anAddedAssetReadsBackWithItsListsInOrder() {
    assets.put(BANK);

    assertThat(assets.get("bank-1-web")).contains(BANK);
    assertThat(assets.get("bank-1-web").orElseThrow().cidrs())
        .containsExactly("198.51.100.0/24", "2001:db8:100::/48", "192.0.2.0/28");
  }

  @Test
  void anUnknownIdHasNoAsset() {
    assets.put(BANK);

    assertThat(assets.get("nope")).isEmpty();
  }

  @Test
  void listGivesAllAssetsOrderedById() {
    assets.put(GRID);
    assets.put(BANK);

    assertThat(assets.list()).containsExactly(BANK, GRID);
    assertThat(assets.list().get(1).group()).isEqualTo("default");
    assertThat(assets.list().get(1).domains()).isEmpty();
  }

  @Test
  void anEmptyRegistryListsNothing() {
    assertThat(assets.list()).isEmpty();
  }

  @Test
  void putReplacesTheWholeAssetListsIncluded() {
    assets.put(BANK);
    StoredAsset moved =
        new StoredAsset(
            "bank-1-web", "Online banking", "Example Bank plc", "finance", 3, "finance-core",
            List.of("198.51.101.0/24"), List.of());

    assets.put(moved);

    assertThat(assets.get("bank-1-web")).contains(moved);
    assertThat(assets.list()).containsExactly(moved);
  }

  @Test
  void removeDeletesTheAssetAndSaysWhetherThereWasOne() {
    assets.put(BANK);
    assets.put(GRID);

    assertThat(assets.remove("bank-1-web")).isTrue();
    assertThat(assets.remove("bank-1-web")).isFalse();

    assertThat(assets.get("bank-1-web")).isEmpty();
    assertThat(assets.list()).containsExactly(GRID);
  }

  @Test
  void aRemovedAssetAddedAgainHasOnlyItsNewLists() {
    assets.put(BANK);
    assets.remove("bank-1-web");
    StoredAsset again =
        new StoredAsset("bank-1-web", "n", "o", "finance", 1, null, List.of("10.0.0.0/8"), List.of("b.example"));

    assets.put(again);

    assertThat(assets.get("bank-1-web")).contains(again);
  }

  @Test
  void theRecordRefusesWhatTheTableWouldRefuse() {
    assertThatThrownBy(() -> new StoredAsset("a", "n", "o", "finance", 0, null, List.of(), List.of()))
        .hasMessageContaining("criticality");
    assertThatThrownBy(() -> new StoredAsset(" ", "n", "o", "finance", 1, null, List.of(), List.of()))
        .hasMessageContaining("id");
  }
}
