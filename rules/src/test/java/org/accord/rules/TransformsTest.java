package org.accord.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.accord.stix.AccordExtension;
import org.accord.stix.ScoIds;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;
import org.accord.stix.Validator;
import org.junit.jupiter.api.Test;

class TransformsTest {
  private static final List<Transform> PSEUDONYMISE = List.of(new Transform.Pseudonymise());
  private final Transforms transforms = new Transforms(Fixtures.SECRET);
  private final Validator validator = new Validator();

  private static StixObject sco(String type, String property, String value) {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", type);
    o.put("spec_version", "2.1");
    o.put(property, value);
    o.put("id", ScoIds.deterministicId(o).orElseThrow());
    return StixObject.of(o);
  }

  @Test
  void emailAddressBecomesAValidPseudonymWithARecomputedId() {
    StixObject email = sco("email-addr", "value", "alice@example.org");
    StixObject out = transforms.apply(email, PSEUDONYMISE, "A1");
    String value = out.text("value").orElseThrow();
    assertThat(value).matches("p-[0-9a-f]{32}@pseudonymised\\.invalid").doesNotContain("alice");
    assertThat(out.id()).isEqualTo(ScoIds.deterministicId(out.jsonView()).orElseThrow()).isNotEqualTo(email.id());
    assertThat(validator.validate(out.jsonView()).isValid()).as(validator.validate(out.jsonView()).toString()).isTrue();
    assertThat(email.text("value")).contains("alice@example.org");
  }

  @Test
  void pseudonymsAreStableWithinAnAgreementAndUnrelatedAcrossAgreements() {
    assertThat(transforms.pseudonym("A1", "alice")).isEqualTo(transforms.pseudonym("A1", "alice"));
    assertThat(transforms.pseudonym("A1", "alice")).isNotEqualTo(transforms.pseudonym("A2", "alice"));
    assertThat(transforms.pseudonym("A1", "alice")).isNotEqualTo(transforms.pseudonym("A1", "bob"));
    Transforms otherNode = new Transforms("another node secret of 32 bytes or more".getBytes(StandardCharsets.UTF_8));
    assertThat(otherNode.pseudonym("A1", "alice")).isNotEqualTo(transforms.pseudonym("A1", "alice"));
  }

  @Test
  void userAccountLosesItsIdentifiersAndCredential() {
    ObjectNode o = sco("user-account", "user_id", "1001").json();
    o.put("account_login", "jdoe");
    o.put("credential", "hunter2");
    o.put("account_type", "unix");
    StixObject out = transforms.apply(StixObject.of(o), PSEUDONYMISE, "A1");
    assertThat(out.text("user_id").orElseThrow()).startsWith("p-");
    assertThat(out.text("account_login").orElseThrow()).startsWith("p-");
    assertThat(out.jsonView().has("credential")).isFalse();
    assertThat(out.text("account_type")).contains("unix");
  }

  @Test
  void privateAddressesArePseudonymisedPublicOnesKept() {
    StixObject priv = transforms.apply(sco("ipv4-addr", "value", "192.168.1.20"), PSEUDONYMISE, "A1");
    assertThat(priv.text("value").orElseThrow()).matches("24[0-9]\\.\\d+\\.\\d+\\.\\d+|25[0-5]\\.\\d+\\.\\d+\\.\\d+");
    assertThat(validator.validate(priv.jsonView()).isValid()).isTrue();
    StixObject cidr = transforms.apply(sco("ipv4-addr", "value", "10.1.0.0/16"), PSEUDONYMISE, "A1");
    assertThat(cidr.text("value").orElseThrow()).endsWith("/16").doesNotStartWith("10.");
    StixObject pub = transforms.apply(sco("ipv4-addr", "value", "198.51.100.7"), PSEUDONYMISE, "A1");
    assertThat(pub.text("value")).contains("198.51.100.7");
    StixObject ula = transforms.apply(sco("ipv6-addr", "value", "fd12:3456::1"), PSEUDONYMISE, "A1");
    assertThat(ula.text("value").orElseThrow()).startsWith("2001:db8:");
    assertThat(validator.validate(ula.jsonView()).isValid()).isTrue();
  }

  @Test
  void scosEmbeddedInObservedDataArePseudonymised() throws Exception {
    ObjectNode o =
        (ObjectNode)
            StixJson.mapper()
                .readTree(
                    "{\"type\":\"observed-data\",\"id\":\"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf\","
                        + "\"objects\":{\"0\":{\"type\":\"email-addr\",\"value\":\"bob@example.org\"}}}");
    StixObject out = transforms.apply(StixObject.of(o), PSEUDONYMISE, "A1");
    assertThat(out.jsonView().at("/objects/0/value").asText()).endsWith("@pseudonymised.invalid");
    assertThat(out.id()).isEqualTo("observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf");
  }

  @Test
  void contactInformationLosesEmailsAndPhoneNumbers() {
    ObjectNode o = StixJson.mapper().createObjectNode();
    o.put("type", "identity");
    o.put("id", "identity--0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e");
    o.put("contact_information", "Call +1 (555) 010-9999 or write to carol@example.org, office 12.");
    String out = transforms.apply(StixObject.of(o), PSEUDONYMISE, "A1").text("contact_information").orElseThrow();
    assertThat(out).doesNotContain("555").doesNotContain("carol").contains("office 12.");
  }

  @Test
  void stripRemovesPropertyExtensionsButNotTheTlp2ExtensionOfAMarking() {
    ObjectNode o = Fixtures.indicator(null);
    AccordExtension.properties(o).putArray(AccordExtension.SECTORS).add("energy");
    o.with("extensions").putObject("extension-definition--5c7b3a31-3d9e-4e0f-8d6a-2b1f0e9c8d7a")
        .put("extension_type", "new-sdo");
    StixObject out = transforms.apply(StixObject.of(o), List.of(new Transform.StripCustom()), "A1");
    assertThat(out.jsonView().get("extensions").has(AccordExtension.ID)).isFalse();
    assertThat(out.jsonView().get("extensions").size()).isEqualTo(1); // a new-sdo declaration stays

    ObjectNode marking = StixJson.mapper().createObjectNode();
    marking.put("type", "marking-definition");
    marking.put("id", Tlp.AMBER.v2MarkingId());
    marking.putObject("extensions").putObject(Tlp.TLP2_EXTENSION_ID).put("extension_type", "property-extension")
        .put("tlp_2_0", "amber");
    JsonNode kept = transforms.apply(StixObject.adopt(marking.deepCopy()), List.of(new Transform.StripCustom()), "A1")
        .jsonView();
    assertThat(kept.at("/extensions/" + Tlp.TLP2_EXTENSION_ID + "/tlp_2_0").asText()).isEqualTo("amber");

    ObjectNode only = Fixtures.indicator(null);
    AccordExtension.properties(only).putArray(AccordExtension.SECTORS).add("energy");
    assertThat(transforms.apply(StixObject.of(only), List.of(new Transform.StripCustom()), "A1").jsonView()
        .has("extensions")).as("an emptied extensions dictionary is removed").isFalse();
  }

  @Test
  void stripRemovesCustomPropertiesAtAnyDepth() {
    ObjectNode o = Fixtures.indicator(null);
    o.putObject("extensions").putObject("x-acme-ext").put("x_secret", 1).put("kept", 2);
    StixObject out = transforms.apply(StixObject.of(o), List.of(new Transform.StripCustom()), "A1");
    assertThat(out.jsonView().has("x_accord_sectors")).isFalse();
    assertThat(out.jsonView().at("/extensions/x-acme-ext").has("x_secret")).isFalse();
    assertThat(out.jsonView().at("/extensions/x-acme-ext/kept").asInt()).isEqualTo(2);
    assertThat(o.has("x_accord_sectors")).isTrue();
  }

  @Test
  void dropRemovesNamedPropertiesButNeverTheIdentity() {
    StixObject in = StixObject.of(Fixtures.indicator(null));
    StixObject out = transforms.apply(in, List.of(new Transform.Drop(List.of("pattern", "valid_from"))), "A1");
    assertThat(out.jsonView().has("pattern")).isFalse();
    assertThat(in.jsonView().has("pattern")).isTrue();
    assertThatThrownBy(() -> new Transform.Drop(List.of("id"))).hasMessageContaining("cannot remove 'id'");
  }

  @Test
  void untouchedScoKeepsItsId() {
    ObjectNode o = sco("ipv4-addr", "value", "198.51.100.7").json();
    o.put("id", "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd");
    StixObject out = transforms.apply(StixObject.of(o), PSEUDONYMISE, "A1");
    assertThat(out.id()).isEqualTo("ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd");
  }

  @Test
  void shortSecretsAreRefused() {
    assertThatThrownBy(() -> new Transforms(new byte[16])).hasMessageContaining("at least 32 bytes");
  }
}
