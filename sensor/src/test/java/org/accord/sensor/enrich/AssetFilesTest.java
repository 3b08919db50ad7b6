package org.accord.sensor.enrich;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssetFilesTest {
  @TempDir Path dir;

  private static final String YAML =
      """
      assets:
        - id: bank-1-web
          name: Online banking front end
          operator: Example Commercial Bank
          sector: finance
          criticality: 5
          group: finance-web
          cidrs: [198.51.100.0/24, 2001:db8:100::/48]
          domains: [bank.example]
        - id: grid-scada
          name: Grid control
          operator: Example Power
          sector: Energy
          criticality: 4
      """;

  @Test
  void readsAYamlFile() throws IOException {
    List<Asset> assets = AssetFiles.read(write("assets.yaml", YAML));
    assertThat(assets)
        .containsExactly(
            new Asset(
                "bank-1-web", "Online banking front end", "Example Commercial Bank", Sector.FINANCE, 5, "finance-web",
                List.of("198.51.100.0/24", "2001:db8:100::/48"), List.of("bank.example")),
            new Asset("grid-scada", "Grid control", "Example Power", Sector.ENERGY, 4, null, List.of(), List.of()));
    assertThat(assets.get(1).group()).isEqualTo("default");
  }

  @Test
  void readsAJsonFileAndABareList() throws IOException {
    String json =
        """
        [{"id": "water-1", "name": "Treatment plant", "operator": "City Water", "sector": "water",
          "criticality": 3, "cidrs": ["192.0.2.0/28"]}]
        """;
    List<Asset> assets = AssetFiles.read(write("assets.json", json));
    assertThat(assets).extracting(Asset::id, Asset::sector, Asset::cidrs)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("water-1", Sector.WATER, List.of("192.0.2.0/28")));
  }

  @Test
  void anEmptyFileHasNoAssets() throws IOException {
    assertThat(AssetFiles.read(write("empty.yaml", ""))).isEmpty();
    assertThat(AssetFiles.read(write("none.yaml", "assets: []\n"))).isEmpty();
  }

  @Test
  void anUnknownSectorIsRefusedNamingTheAssetAndTheKnownSectors() {
    assertThatThrownBy(() -> read(one("sector: banking")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("asset a1")
        .hasMessageContaining("banking")
        .hasMessageContaining("finance, energy, communications, transport, water, health, government");
  }

  @Test
  void criticalityOutsideOneToFiveIsRefused() {
    for (String bad : List.of("criticality: 0", "criticality: 6", "criticality: high", "criticality: 2.5")) {
      assertThatThrownBy(() -> read(one(bad)))
          .as(bad)
          .hasMessageContaining("asset a1")
          .hasMessageContaining("criticality");
    }
  }

  @Test
  void badCidrsAreRefusedNamingTheAsset() {
    assertThatThrownBy(() -> read(one("cidrs: [10.0.0.1/8]")))
        .hasMessageContaining("asset a1")
        .hasMessageContaining("host bits");
    assertThatThrownBy(() -> read(one("cidrs: [10.0.0.0/40]")))
        .hasMessageContaining("asset a1")
        .hasMessageContaining("prefix length");
    assertThatThrownBy(() -> read(one("cidrs: 10.0.0.0/8")))
        .hasMessageContaining("asset a1")
        .hasMessageContaining("list");
  }

  @Test
  void anUnknownFieldIsRefusedSoATypoDoesNotDropData() {
    assertThatThrownBy(() -> read(one("cidr: [10.0.0.0/8]")))
        .hasMessageContaining("asset a1")
        .hasMessageContaining("'cidr'");
  }

  @Test
  void anAssetWithoutIdIsNamedByItsPosition() {
    String text = "- {id: a0, name: n, operator: o, sector: health, criticality: 1}\n"
        + "- {name: n, operator: o, sector: health, criticality: 1}\n";
    assertThatThrownBy(() -> read(text)).hasMessageContaining("asset #2").hasMessageContaining("'id' is missing");
  }

  @Test
  void aCidrClaimedByTwoAssetsIsRefused() {
    String text = "- {id: a0, name: n, operator: o, sector: health, criticality: 1, cidrs: [192.0.2.0/24]}\n"
        + "- {id: a1, name: n, operator: o, sector: health, criticality: 1, cidrs: [192.0.2.0/24]}\n";
    assertThatThrownBy(() -> read(text)).hasMessageContaining("asset a1").hasMessageContaining("asset a0");
  }

  @Test
  void invalidYamlIsRefusedNamingTheFile() {
    assertThatThrownBy(() -> read("assets: [ {id: a1\n"))
        .hasMessageContaining("assets.yaml")
        .hasMessageContaining("YAML");
  }

  private static String one(String field) {
    String base = "id: a1\nname: n\noperator: o\nsector: finance\ncriticality: 3\n";
    String key = field.substring(0, field.indexOf(':') + 1);
    String kept = base.lines().filter(l -> !l.startsWith(key)).reduce("", (a, b) -> a + "    " + b + "\n");
    return "assets:\n  - " + kept.strip() + "\n    " + field + "\n";
  }

  private List<Asset> read(String text) throws IOException {
    return AssetFiles.read(write("assets.yaml", text));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
