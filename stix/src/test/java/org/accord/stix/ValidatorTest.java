package org.accord.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** One test per rule at least: each breaks one rule of a valid object and expects that rule at that path. */
class ValidatorTest {
  private final Validator validator = new Validator();

  private ValidationReport validate(ObjectNode o) {
    return validator.validate(o);
  }

  private static Violation v(String path, String rule) {
    return new Violation(path, rule, "");
  }

  private void assertError(ObjectNode o, String path, String rule) {
    ValidationReport r = validate(o);
    assertThat(r.isValid()).as(r.toString()).isFalse();
    assertThat(r.violations()).extracting(Violation::path, Violation::rule).contains(
        org.assertj.core.groups.Tuple.tuple(path, rule));
  }

  private void assertWarning(ObjectNode o, String path, String rule) {
    ValidationReport r = validate(o);
    assertThat(r.violations()).as(r.toString()).isEmpty();
    assertThat(r.warnings()).extracting(Violation::path, Violation::rule).contains(
        org.assertj.core.groups.Tuple.tuple(path, rule));
  }

  @ParameterizedTest
  @ValueSource(strings = {"indicator", "sighting", "observed-data", "relationship", "location", "ipv4-addr",
      "tlp1-white", "tlp2-amber-strict", "extension-definition", "language-content", "network-traffic"})
  void fixturesAreValidWithoutWarnings(String name) {
    ValidationReport r = validate(Fixtures.ALL.get(name).get());
    assertThat(r.violations()).isEmpty();
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void missingRequiredPropertyIsNamedAtItsPath() {
    ObjectNode o = Fixtures.indicator();
    o.remove("valid_from");
    assertError(o, "$.valid_from", "required-property");
  }

  @Test
  void scoMustNotCarryVersioningProperties() {
    ObjectNode o = Fixtures.ipv4();
    o.put("created", "2016-04-06T20:03:48.000Z");
    assertError(o, "$.created", "forbidden-property");
  }

  @Test
  void idMustUseTheObjectsOwnType() {
    ObjectNode o = Fixtures.indicator();
    o.put("id", "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
    assertError(o, "$.id", "id-format");
  }

  @Test
  void idMustBeAnRfc4122Uuid() {
    ObjectNode o = Fixtures.indicator();
    o.put("id", "indicator--8e2e2d2b-17d4-4cbf-c38f-98ee46b3cd3f"); // variant nibble 'c' is not RFC 4122
    assertError(o, "$.id", "id-format");
  }

  @Test
  void sdoIdThatIsNotUuidV4IsOnlyAWarning() {
    ObjectNode o = Fixtures.indicator();
    o.put("id", "indicator--8e2e2d2b-17d4-1cbf-938f-98ee46b3cd3f");
    assertWarning(o, "$.id", "uuid-version");
  }

  @Test
  void uppercaseUuidIsOnlyAWarning() {
    ObjectNode o = Fixtures.indicator();
    o.put("id", "indicator--8E2E2D2B-17D4-4CBF-938F-98EE46B3CD3F");
    assertWarning(o, "$.id", "uuid-case");
  }

  @Test
  void uuidV5ScoIdMustBeTheDeterministicOne() {
    ObjectNode o = Fixtures.ipv4();
    o.put("value", "198.51.100.4");
    assertError(o, "$.id", "sco-id-not-deterministic");
  }

  @Test
  void uuidV4ScoIdIsAcceptedWithAdvice() {
    ObjectNode o = Fixtures.ipv4();
    o.put("id", "ipv4-addr--1e4ffad7-0b88-41d4-ba4d-77d27490b956");
    assertWarning(o, "$.id", "uuid-version");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2016-04-06 20:03:48.000Z", "2016-04-06t20:03:48.000Z", "2016-04-06T20:03:48.000z",
      "2016-04-06T20:03:48.000+00:00", "2016-13-06T20:03:48.000Z", "2016-04-06T20:03:48.Z"})
  void timestampsMustBeRfc3339UtcWithUppercaseTAndZ(String text) {
    ObjectNode o = Fixtures.indicator();
    o.put("valid_from", text);
    assertError(o, "$.valid_from", "timestamp-format");
  }

  @Test
  void createdNeedsMillisecondPrecision() {
    ObjectNode o = Fixtures.indicator();
    o.put("created", "2016-04-06T20:03:48Z");
    assertError(o, "$.created", "timestamp-precision");
  }

  @Test
  void modifiedMustNotPrecedeCreated() {
    ObjectNode o = Fixtures.indicator();
    o.put("modified", "2016-04-06T20:03:47.999Z");
    assertError(o, "$.modified", "modified-before-created");
  }

  @Test
  void sightingOfMustReferToAnSdo() {
    ObjectNode o = Fixtures.sighting();
    o.put("sighting_of_ref", "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4");
    assertError(o, "$.sighting_of_ref", "reference-type");
  }

  @Test
  void whereSightedMustBeIdentityOrLocation() {
    ObjectNode o = Fixtures.sighting();
    o.putArray("where_sighted_refs").add(Fixtures.IDENTITY_ID).add("malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b");
    assertError(o, "$.where_sighted_refs[1]", "reference-type");
  }

  @Test
  void relationshipCannotPointAtAMarkingDefinition() {
    ObjectNode o = Fixtures.relationship();
    o.put("target_ref", "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9");
    assertError(o, "$.target_ref", "reference-type");
  }

  @Test
  void observedDataRefsMustBeScosOrSros() {
    ObjectNode o = Fixtures.observedData();
    o.putArray("object_refs").add("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
    assertError(o, "$.object_refs[0]", "reference-type");
  }

  @Test
  void createdByRefMustBeAnIdentity() {
    ObjectNode o = Fixtures.indicator();
    o.put("created_by_ref", "location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64");
    assertError(o, "$.created_by_ref", "reference-type");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 101})
  void confidenceIsZeroToHundred(int confidence) {
    ObjectNode o = Fixtures.indicator();
    o.put("confidence", confidence);
    assertError(o, "$.confidence", "confidence-range");
  }

  @Test
  void wrongJsonTypeIsAPropertyTypeViolation() {
    ObjectNode o = Fixtures.indicator();
    o.put("confidence", "high");
    assertError(o, "$.confidence", "property-type");
  }

  @Test
  void nullValuesAreNotAllowed() {
    ObjectNode o = Fixtures.indicator();
    o.putNull("name");
    assertError(o, "$.name", "property-type");
  }

  @Test
  void unknownOpenVocabularyValueIsOnlyAWarning() {
    ObjectNode o = Fixtures.indicator();
    o.putArray("indicator_types").add("suspicious-looking");
    assertWarning(o, "$.indicator_types[0]", "vocabulary");
  }

  @Test
  void unknownEnumerationValueIsAnError() {
    ObjectNode o = Fixtures.networkTraffic();
    o.with("extensions").putObject("socket-ext").put("address_family", "AF_MARS");
    assertError(o, "$.extensions.socket-ext.address_family", "enumeration");
  }

  @Test
  void customPropertyNamesMustBeLowercaseAlphanumeric() {
    ObjectNode o = Fixtures.indicator();
    o.put("x_Acme-Score", 3);
    assertError(o, "$.x_Acme-Score", "custom-property-name");
  }

  @Test
  void customPropertyWithoutXPrefixIsOnlyAWarning() {
    ObjectNode o = Fixtures.indicator();
    o.put("acme_score", 3);
    assertWarning(o, "$.acme_score", "custom-property-name");
  }

  @Test
  void customPropertyWithXPrefixIsClean() {
    ObjectNode o = Fixtures.indicator();
    o.put("x_acme_score", 3);
    ValidationReport r = validate(o);
    assertThat(r.violations()).isEmpty();
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void toplevelPropertyExtensionPropertiesNeedNoPrefix() {
    ObjectNode o = Fixtures.indicator();
    o.put("rank", 5);
    o.putObject("extensions").putObject("extension-definition--a932fcc6-e032-476c-826f-cb970a5a1fff")
        .put("extension_type", "toplevel-property-extension");
    ValidationReport r = validate(o);
    assertThat(r.violations()).isEmpty();
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void stixPatternIsParsed() {
    ObjectNode o = Fixtures.indicator();
    o.put("pattern", "[ipv4-addr:value = '198.51.100.1'");
    ValidationReport r = validate(o);
    assertThat(r.violations()).singleElement().satisfies(x -> {
      assertThat(x.path()).isEqualTo("$.pattern");
      assertThat(x.rule()).isEqualTo("pattern-syntax");
      assertThat(x.message()).contains("position");
    });
  }

  @Test
  void nonStixPatternIsNotParsedAsStix() {
    ObjectNode o = Fixtures.indicator();
    o.put("pattern_type", "snort");
    o.put("pattern", "alert tcp any any -> any any (msg:\"x\";)");
    assertThat(validate(o).violations()).isEmpty();
  }

  @Test
  void validUntilMustBeAfterValidFrom() {
    ObjectNode o = Fixtures.indicator();
    o.put("valid_until", "2016-01-01T00:00:00Z");
    assertError(o, "$.valid_until", "time-order");
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, 1_000_000_000})
  void sightingCountIsBounded(int count) {
    ObjectNode o = Fixtures.sighting();
    o.put("count", count);
    assertError(o, "$.count", "value-range");
  }

  @Test
  void numberObservedIsAtLeastOne() {
    ObjectNode o = Fixtures.observedData();
    o.put("number_observed", 0);
    assertError(o, "$.number_observed", "value-range");
  }

  @Test
  void lastObservedMustNotPrecedeFirstObserved() {
    ObjectNode o = Fixtures.observedData();
    o.put("last_observed", "2015-12-21T18:59:59Z");
    assertError(o, "$.last_observed", "time-order");
  }

  @Test
  void objectsAndObjectRefsAreExclusive() {
    ObjectNode o = Fixtures.observedData();
    o.putObject("objects").putObject("0").put("type", "ipv4-addr").put("value", "198.51.100.3");
    assertError(o, "$.object_refs", "mutually-exclusive-properties");
  }

  @Test
  void deprecatedObjectsAloneIsAWarning() {
    ObjectNode o = Fixtures.observedData();
    o.remove("object_refs");
    o.putObject("objects").putObject("0").put("type", "ipv4-addr").put("value", "198.51.100.3");
    assertWarning(o, "$.objects", "deprecated-property");
  }

  @Test
  void locationNeedsRegionCountryOrCoordinates() {
    ObjectNode o = Fixtures.location();
    o.remove("latitude");
    o.remove("longitude");
    o.remove("region");
    assertError(o, "$", "at-least-one-property");
  }

  @Test
  void latitudeRequiresLongitude() {
    ObjectNode o = Fixtures.location();
    o.remove("longitude");
    assertError(o, "$.longitude", "required-property");
  }

  @ParameterizedTest
  @ValueSource(strings = {"198.51.100.256", "198.51.100", "198.51.100.3/33", "01.2.3.4", "198.51.100.3/"})
  void ipv4ValueSyntax(String value) {
    ObjectNode o = Fixtures.ipv4();
    o.put("id", "ipv4-addr--1e4ffad7-0b88-41d4-ba4d-77d27490b956");
    o.put("value", value);
    assertError(o, "$.value", "ipv4-format");
  }

  @ParameterizedTest
  @ValueSource(strings = {"198.51.100.0/24", "10.0.0.1", "0.0.0.0/0"})
  void ipv4AcceptsAddressesAndCidr(String value) {
    ObjectNode o = Fixtures.ipv4();
    o.put("id", "ipv4-addr--1e4ffad7-0b88-41d4-ba4d-77d27490b956");
    o.put("value", value);
    assertThat(validate(o).violations()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2001:db8::1", "2001:db8::/32", "::1", "::", "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
      "::ffff:192.0.2.128", "fe80::1:2:3:4"})
  void ipv6AcceptsTextFormsAndCidr(String value) {
    ObjectNode o = Fixtures.json("{'type':'ipv6-addr','id':'ipv6-addr--1e4ffad7-0b88-41d4-ba4d-77d27490b956'}");
    o.put("value", value);
    assertThat(validate(o).violations()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2001:db8:::1", "2001:db8::1::2", "1:2:3:4:5:6:7", "12345::", "2001:db8::/129", "g::1",
      "1:2:3:4:5:6:7:8:9", ":1::2"})
  void ipv6RejectsMalformedText(String value) {
    ObjectNode o = Fixtures.json("{'type':'ipv6-addr','id':'ipv6-addr--1e4ffad7-0b88-41d4-ba4d-77d27490b956'}");
    o.put("value", value);
    assertError(o, "$.value", "ipv6-format");
  }

  @ParameterizedTest
  @ValueSource(strings = {"D2:FB:49:24:37:18", "d2-fb-49-24-37-18", "d2:fb:49:24:37", "d2fb.4924.3718"})
  void macAddressMustBeLowercaseColonForm(String value) {
    ObjectNode o = Fixtures.json("{'type':'mac-addr','id':'mac-addr--65cfcf98-8a6e-4a1b-8f61-379ac4f92d00'}");
    o.put("value", value);
    assertError(o, "$.value", "mac-format");
  }

  @Test
  void knownHashAlgorithmsNeedHexOfTheirLength() {
    ObjectNode o = Fixtures.json("{'type':'file','id':'file--3f9d9f6c-2d17-4d3b-9c8b-2f6b0e1c8a11','name':'a.exe'}");
    o.putObject("hashes").put("SHA-256", "abc");
    assertError(o, "$.hashes.SHA-256", "hash-value");
  }

  @Test
  void dictionaryKeysAreRestricted() {
    ObjectNode o = Fixtures.json("{'type':'file','id':'file--3f9d9f6c-2d17-4d3b-9c8b-2f6b0e1c8a11','name':'a.exe'}");
    o.putObject("hashes").put("SHA 256", "abc");
    assertError(o, "$.hashes.SHA 256", "dictionary-key");
  }

  @Test
  void fileNeedsHashesOrName() {
    ObjectNode o = Fixtures.json("{'type':'file','id':'file--3f9d9f6c-2d17-4d3b-9c8b-2f6b0e1c8a11','size':10}");
    assertError(o, "$", "at-least-one-property");
  }

  @Test
  void listsMustNotBeEmpty() {
    ObjectNode o = Fixtures.indicator();
    o.putArray("labels");
    assertError(o, "$.labels", "empty-list");
  }

  @Test
  void unknownExtensionKeyIsAnError() {
    ObjectNode o = Fixtures.networkTraffic();
    o.with("extensions").putObject("tcp extension").put("src_flags_hex", "02");
    assertError(o, "$.extensions.tcp extension", "extension-name");
  }

  @Test
  void predefinedExtensionIsCheckedAgainstItsTable() {
    ObjectNode o = Fixtures.networkTraffic();
    o.with("extensions").putObject("http-request-ext").put("request_method", "get");
    assertError(o, "$.extensions.http-request-ext.request_value", "required-property");
  }

  @Test
  void extensionDefinitionExtensionTypeIsAnEnumeration() {
    ObjectNode o = Fixtures.indicator();
    o.putObject("extensions").putObject("extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e")
        .put("extension_type", "property-extensions");
    assertError(o, "$.extensions.extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e.extension_type",
        "enumeration");
  }

  @Test
  void tlp1MarkingMustMatchItsFixedDefinition() {
    ObjectNode o = Fixtures.tlp1White();
    o.with("definition").put("tlp", "green");
    assertError(o, "$.definition.tlp", "tlp-marking");
  }

  @Test
  void tlpDefinitionTypeOnlyWithTheFourFixedIds() {
    ObjectNode o = Fixtures.tlp1White();
    o.put("id", "marking-definition--1d5a2ac2-5ab8-4c2b-8c5a-1c3f6e7b1a11");
    assertError(o, "$.id", "tlp-marking");
  }

  @Test
  void tlp2MarkingMustCarryItsLevel() {
    ObjectNode o = Fixtures.tlp2AmberStrict();
    o.with("extensions").with("extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d").put("tlp_2_0", "amber");
    assertError(o, "$.extensions", "tlp-marking");
  }

  @Test
  void markingDefinitionsAreNotVersioned() {
    ObjectNode o = Fixtures.tlp1White();
    o.put("modified", "2017-01-20T00:00:00.000Z");
    assertError(o, "$.modified", "forbidden-property");
  }

  @Test
  void statementMarkingNeedsAStatement() {
    ObjectNode o = Fixtures.json("""
        {'type':'marking-definition','spec_version':'2.1','id':'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41db',
         'created':'2017-01-20T00:00:00.000Z','definition_type':'statement','definition':{'text':'Copyright'}}""");
    assertError(o, "$.definition.statement", "required-property");
  }

  @Test
  void granularMarkingSelectorsMustResolve() {
    ObjectNode o = Fixtures.indicator();
    ObjectNode marking = o.putArray("granular_markings").addObject()
        .put("marking_ref", "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da");
    marking.putArray("selectors").add("pattern").add("indicator_types.[0]").add("indicator_types.[1]")
        .add("description");
    ValidationReport r = validate(o);
    assertThat(r.violations()).extracting(Violation::path, Violation::rule).containsExactly(
        org.assertj.core.groups.Tuple.tuple("$.granular_markings[0].selectors[2]", "marking-selector"),
        org.assertj.core.groups.Tuple.tuple("$.granular_markings[0].selectors[3]", "marking-selector"));
  }

  @Test
  void granularMarkingNeedsMarkingRefOrLang() {
    ObjectNode o = Fixtures.indicator();
    o.putArray("granular_markings").addObject().putArray("selectors").add("pattern");
    assertError(o, "$.granular_markings[0]", "at-least-one-property");
  }

  @Test
  void specVersionMustBe21() {
    ObjectNode o = Fixtures.indicator();
    o.put("spec_version", "2.0");
    assertError(o, "$.spec_version", "spec-version");
  }

  @Test
  void unknownTypeWithInvalidNameIsAnError() {
    ObjectNode o = Fixtures.json("{'type':'My_Type','id':'My_Type--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f'}");
    assertError(o, "$.type", "unknown-type");
  }

  @Test
  void customObjectWithoutXPrefixIsOnlyAWarning() {
    ObjectNode o = Fixtures.json("""
        {'type':'acme-widget','spec_version':'2.1','id':'acme-widget--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
         'created':'2016-04-06T20:03:48.000Z','modified':'2016-04-06T20:03:48.000Z','colour':'blue'}""");
    assertWarning(o, "$.type", "unknown-type");
  }

  @Test
  void customObjectDeclaredAsNewSdoNeedsSdoProperties() {
    ObjectNode o = Fixtures.json("""
        {'type':'my-favorite-sdo','id':'my-favorite-sdo--ac97aae4-83f1-46ca-a351-7aeb76678189','name':'x',
         'extensions':{'extension-definition--9c59fd79-4215-4ba2-920d-3e4f320e1e62':{'extension_type':'new-sdo'}}}""");
    assertError(o, "$.created", "required-property");
  }

  @Test
  void languageTagsAreChecked() {
    ObjectNode o = Fixtures.indicator();
    o.put("lang", "en_US");
    assertError(o, "$.lang", "language-tag");
  }

  @Test
  void hexPropertiesNeedAnEvenNumberOfHexDigits() {
    ObjectNode o = Fixtures.networkTraffic();
    o.with("extensions").with("tcp-ext").put("src_flags_hex", "002");
    assertError(o, "$.extensions.tcp-ext.src_flags_hex", "hex-format");
  }

  @Test
  void binaryPropertiesAreBase64() {
    ObjectNode o = Fixtures.json("{'type':'artifact','id':'artifact--6f437177-6e48-4c4f-9b2e-3a6e5d2c9b11'}");
    o.put("payload_bin", "not base64!");
    assertError(o, "$.payload_bin", "binary-format");
  }

  @Test
  void emailBodyAndMultipartFollowIsMultipart() {
    ObjectNode o = Fixtures.json("""
        {'type':'email-message','id':'email-message--cf9b4b7f-14c8-5955-8065-020e0316b559','is_multipart':true,
         'body':'hello'}""");
    assertError(o, "$.body", "forbidden-property");
  }

  @Test
  void activeTrafficHasNoEnd() {
    ObjectNode o = Fixtures.networkTraffic();
    o.put("is_active", true);
    o.put("end", "2016-01-01T00:00:00Z");
    o.put("id", "network-traffic--f8ae967a-3dc3-4edc-85d8-c0c2a6a2c0b3");
    assertError(o, "$.end", "forbidden-property");
  }

  @Test
  void bundleObjectsArePathedByIndex() {
    ObjectNode bundle = Fixtures.json("{'type':'bundle','id':'bundle--44af6c39-c09b-49c5-9de2-394224b04982'}");
    ObjectNode broken = Fixtures.sighting();
    broken.remove("sighting_of_ref");
    bundle.putArray("objects").add(Fixtures.indicator()).add(broken);
    ValidationReport r = validator.validateBundle(bundle);
    assertThat(r.violations()).extracting(Violation::path, Violation::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("$.objects[1].sighting_of_ref", "required-property"));
  }

  @Test
  void bundleSpecVersionIsDeprecated() {
    ObjectNode bundle = Fixtures.json("{'type':'bundle','id':'bundle--44af6c39-c09b-49c5-9de2-394224b04982',"
        + "'spec_version':'2.0'}");
    bundle.putArray("objects").add(Fixtures.indicator());
    ValidationReport r = validator.validateBundle(bundle);
    assertThat(r.violations()).isEmpty();
    assertThat(r.warnings()).extracting(Violation::path, Violation::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("$.spec_version", "deprecated-property"));
  }

  @Test
  void bundleIdMustBeABundleIdentifier() {
    ObjectNode bundle = Fixtures.json("{'type':'bundle','id':'report--44af6c39-c09b-49c5-9de2-394224b04982'}");
    assertThat(validator.validateBundle(bundle).violations()).extracting(Violation::path, Violation::rule)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("$.id", "id-format"));
  }

  @Test
  void reportCarriesPathGivenByCaller() {
    ObjectNode o = Fixtures.indicator();
    o.remove("pattern");
    assertThat(validator.validate(o, "line 8").violations()).extracting(Violation::path)
        .containsExactly("line 8.pattern");
    assertThat(v("a", "b").rule()).isEqualTo("b");
  }
}
