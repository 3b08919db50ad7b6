package org.accord.hash.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.accord.hash.PdqHash;
import org.accord.stix.AccordExtension;
import org.accord.stix.Tlp;
import org.accord.stix.ValidationReport;
import org.accord.stix.Validator;
import org.junit.jupiter.api.Test;

class BankStixTest {
  private static final String OASIS_ID_BASE =
      "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";
  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
          b -> b.schemaIdResolvers(r -> r.mapPrefix(OASIS_ID_BASE, "classpath:oasis-stix2-json-schemas/schemas/")));
  static final String US = "identity--2f0c5b4e-3d2a-4c1b-9e8f-7a6b5c4d3e2f";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00.123456Z"), ZoneOffset.UTC);
  static final PdqHash H1 = PdqHash.fromHex("f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22");

  static Bank bank() {
    return Bank.create("Propaganda clips (demo)", US, "terrorist-propaganda", Tlp.AMBER, "US national CERT",
        "harmless generated clips", CLOCK);
  }

  @Test
  void aBankAndItsEntriesRoundTripThroughTheirStixForm() {
    Bank b = bank();
    BankEntry image = BankEntry.pdq(b, H1, "poster, 2026", CLOCK);
    BankEntry video = BankEntry.vpdq(b, List.of(new BankEntry.Frame(0, H1, 90),
        new BankEntry.Frame(1.5, PdqHash.ZERO, 0)), "clip 17", CLOCK);

    assertThat(BankStix.readBank(BankStix.bank(b))).isEqualTo(b);
    assertThat(BankStix.readEntry(BankStix.entry(image))).isEqualTo(image);
    assertThat(BankStix.readEntry(BankStix.entry(video))).isEqualTo(video);
    ObjectNode o = BankStix.entry(image);
    assertThat(o.get("type").asText()).isEqualTo(AccordExtension.ENTRY_TYPE);
    assertThat(o.get("bank_ref").asText()).isEqualTo(b.id());
    assertThat(o.get("hash").asText()).isEqualTo(H1.toHex());
    assertThat(o.get("created_by_ref").asText()).isEqualTo(US);
    assertThat(o.get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.AMBER.v2MarkingId());
    assertThat(o.get("created").asText()).isEqualTo("2026-12-03T10:00:00.123Z");
  }

  @Test
  void disablingAndReEnablingAreNewerVersionsOfTheSameObject() {
    BankEntry e = BankEntry.pdq(bank(), H1, "x", CLOCK);
    BankEntry off = e.withDisabled(true, CLOCK.instant()); // the clock has not moved
    BankEntry on = off.withDisabled(false, CLOCK.instant().plusSeconds(60));

    assertThat(off.id()).isEqualTo(e.id());
    assertThat(off.disabled()).isTrue();
    assertThat(off.modified()).isAfter(e.modified());
    assertThat(on.disabled()).isFalse();
    assertThat(on.modified()).isEqualTo(Instant.parse("2026-12-03T10:01:00.123Z"));
    assertThat(BankStix.entry(off).get("disabled").asBoolean()).isTrue();
    assertThat(on.created()).isEqualTo(e.created());
  }

  @Test
  void everyObjectMeetsAccordsValidatorWithNoWarningButTheDefinitionsNameBasedId() {
    Bank b = bank();
    Validator v = new Validator();
    for (ObjectNode o : List.of(BankStix.bank(b), BankStix.entry(BankEntry.pdq(b, H1, "x", CLOCK)),
        BankStix.entry(BankEntry.vpdq(b, List.of(new BankEntry.Frame(0, H1, 90)), "", CLOCK)),
        AccordExtension.hashesDefinition())) {
      ValidationReport r = v.validate(o);
      assertThat(r.violations()).as(o.toString()).isEmpty();
      if (o.get("type").asText().equals("extension-definition")) { // fixed, the same on every node: a UUIDv5
        assertThat(r.warnings()).allSatisfy(w -> assertThat(w.rule()).isEqualTo("uuid-version"));
      } else {
        assertThat(r.warnings()).as(o.toString()).isEmpty();
      }
    }
  }

  @Test
  void everyObjectMeetsTheOasisSchemas() {
    Bank b = bank();
    var core = SCHEMAS.getSchema(SchemaLocation.of(OASIS_ID_BASE + "common/core.json"));
    for (ObjectNode o : List.of(BankStix.bank(b), BankStix.entry(BankEntry.pdq(b, H1, "x", CLOCK)),
        BankStix.entry(BankEntry.vpdq(b, List.of(new BankEntry.Frame(0, H1, 90)), "", CLOCK)))) {
      assertThat(core.validate(o)).as(o.toString()).isEmpty();
    }
    assertThat(SCHEMAS.getSchema(SchemaLocation.of(OASIS_ID_BASE + "common/extension-definition.json"))
        .validate(AccordExtension.hashesDefinition())).isEmpty();
    ObjectNode broken = BankStix.bank(b);
    broken.put("created", "yesterday");
    assertThat(core.validate(broken)).isNotEmpty(); // the reference is not vacuous
  }

  @Test
  void aBrokenEntryIsRefusedNamingTheProperty() {
    ObjectNode o = BankStix.entry(BankEntry.pdq(bank(), H1, "x", CLOCK));
    o.put("hash", "abc");
    assertThatThrownBy(() -> BankStix.readEntry(o)).isInstanceOf(BankException.class)
        .hasMessageContaining("hash: a PDQ hash is 64 hex digits, got 3 characters");
    o.put("hash", H1.toHex());
    o.put("algorithm", "md5");
    assertThatThrownBy(() -> BankStix.readEntry(o)).hasMessageContaining("algorithm: 'pdq' or 'vpdq', got 'md5'");
    o.put("algorithm", "pdq");
    o.remove("object_marking_refs");
    assertThatThrownBy(() -> BankStix.readEntry(o)).hasMessageContaining("the TLP marking is missing");
    ObjectNode noExt = BankStix.bank(bank());
    noExt.remove("extensions");
    assertThatThrownBy(() -> BankStix.readBank(noExt)).hasMessageContaining("names no new-sdo");
  }

  @Test
  void aRedOrBadlyNamedBankIsRefused() {
    assertThatThrownBy(() -> Bank.create("n", US, "terrorist-propaganda", Tlp.RED, null, null, CLOCK))
        .hasMessageContaining("TLP:RED");
    assertThatThrownBy(() -> Bank.create("n", US, "Terror Stuff", Tlp.GREEN, null, null, CLOCK))
        .hasMessageContaining("category: lower-case words");
    assertThatThrownBy(() -> Bank.create(" ", US, "x", Tlp.GREEN, null, null, CLOCK))
        .hasMessageContaining("name:");
  }
}
