package org.accord.stix.pattern.eval;

import static org.accord.stix.pattern.eval.Fixtures.matches;
import static org.accord.stix.pattern.eval.Fixtures.obs;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One test per comparison operator and literal type (STIX 2.1 §9.5, §9.2), inside one observation. */
class ComparisonTest {
  static final Observation FILE =
      obs(
          0,
          "{`type`:`file`,`name`:`report.pdf`,`size`:1024,`hashes`:{`MD5`:`cead3f77f6cda6ec00f57d76c9a6879f`,"
              + "`SHA-256`:`aec0`},`ctime`:`2014-01-13T07:03:17Z`,`magic_number_hex`:`ffd8`,"
              + "`extensions`:{`windows-pebinary-ext`:{`sections`:[{`entropy`:6.5},{`entropy`:7.25}]}},"
              + "`x_flag`:true}");

  @Test
  void equalMatchesTheExactStringOnly() {
    assertThat(matches("[file:name = 'report.pdf']", FILE)).isTrue();
    assertThat(matches("[file:name = 'Report.pdf']", FILE)).isFalse();
  }

  @Test
  void notEqualAndNotEqualFormsAgree() {
    assertThat(matches("[file:name != 'other.pdf']", FILE)).isTrue();
    assertThat(matches("[file:name != 'report.pdf']", FILE)).isFalse();
    assertThat(matches("[file:name NOT = 'report.pdf']", FILE)).isFalse();
    assertThat(matches("[file:name NOT != 'report.pdf']", FILE)).isTrue();
  }

  @Test
  void orderingComparesIntegersAndFloatsNumerically() {
    assertThat(matches("[file:size > 1000]", FILE)).isTrue();
    assertThat(matches("[file:size > 1024]", FILE)).isFalse();
    assertThat(matches("[file:size >= 1024]", FILE)).isTrue();
    assertThat(matches("[file:size < 1024.5]", FILE)).isTrue();
    assertThat(matches("[file:size <= 1023.9]", FILE)).isFalse();
    assertThat(matches("[file:size = 1024.0]", FILE)).isTrue();
    assertThat(matches("[file:size NOT < 2000]", FILE)).isFalse();
  }

  @Test
  void orderingComparesStringsByCodePoint() {
    assertThat(matches("[file:name > 'report.pd']", FILE)).isTrue();
    assertThat(matches("[file:name < 's']", FILE)).isTrue();
    assertThat(matches("[file:name < 'R']", FILE)).isFalse();
  }

  @Test
  void incomparableTypesNeverSatisfyEqualityOrOrdering() {
    // STIX 2.1 §9.5: the string '1024' is not the integer 1024.
    assertThat(matches("[file:size = '1024']", FILE)).isFalse();
    assertThat(matches("[file:size != '1024']", FILE)).isTrue();
    assertThat(matches("[file:name > 5]", FILE)).isFalse();
    assertThat(matches("[file:name NOT > 5]", FILE)).isTrue();
  }

  @Test
  void inTestsMembershipAndNotInItsAbsence() {
    assertThat(matches("[file:size IN (1, 1024, 3)]", FILE)).isTrue();
    assertThat(matches("[file:size IN (1, 2)]", FILE)).isFalse();
    assertThat(matches("[file:name IN ('a', 'report.pdf')]", FILE)).isTrue();
    assertThat(matches("[file:name NOT IN ('a', 'report.pdf')]", FILE)).isFalse();
    assertThat(matches("[file:name NOT IN ('a', 'b')]", FILE)).isTrue();
  }

  @Test
  void likeHasPercentForAnyRunAndUnderscoreForOneCharacter() {
    assertThat(matches("[file:name LIKE 'report.%']", FILE)).isTrue();
    assertThat(matches("[file:name LIKE '%.pdf']", FILE)).isTrue();
    assertThat(matches("[file:name LIKE 'report.pd_']", FILE)).isTrue();
    assertThat(matches("[file:name LIKE 'report.p_']", FILE)).isFalse();
    assertThat(matches("[file:name LIKE 'report']", FILE)).isFalse(); // whole value
    assertThat(matches("[file:name LIKE 'r%t.pdf']", FILE)).isTrue();
    assertThat(matches("[file:name NOT LIKE '%.exe']", FILE)).isTrue();
  }

  @Test
  void likeTreatsRegexCharactersLiterally() {
    Observation o = obs(0, "{`type`:`file`,`name`:`a.b(c)*`}");
    assertThat(matches("[file:name LIKE 'a.b(c)*']", o)).isTrue();
    assertThat(matches("[file:name LIKE 'a_b(c)%']", o)).isTrue();
    assertThat(matches("[file:name LIKE 'axb(c)*']", o)).isFalse();
  }

  @Test
  void matchesSearchesAnywhereUnlessAnchored() {
    assertThat(matches("[file:name MATCHES 'port']", FILE)).isTrue();
    assertThat(matches("[file:name MATCHES '^port']", FILE)).isFalse();
    assertThat(matches("[file:name MATCHES '^rep.+\\\\.pdf$']", FILE)).isTrue();
    assertThat(matches("[file:name NOT MATCHES '\\\\.exe$']", FILE)).isTrue();
  }

  @Test
  void pcrePosixClassesMeanWhatTheyMeanInPcre() {
    Observation o = obs(0, "{`type`:`file`,`name`:`Setup42.exe`}");
    assertThat(matches("[file:name MATCHES '^[[:alpha:]]+[[:digit:]]{2}\\\\.exe$']", o)).isTrue();
    assertThat(matches("[file:name MATCHES '^[[:digit:]]']", o)).isFalse();
    assertThat(matches("[file:name MATCHES '^[[:upper:]][[:lower:]]+[[:^alpha:]]']", o)).isTrue();
    assertThat(ObjectTest.Matches.posixClasses("[[:alnum:][:space:]]")).isEqualTo("[\\p{Alnum}\\p{Space}]");
    assertThat(ObjectTest.Matches.posixClasses("\\[:alpha:]")).isEqualTo("\\[:alpha:]");
  }

  @Test
  void catastrophicBacktrackingIsCutShort() {
    // java.util.regex needs minutes for this search without the bound (exponential backtracking).
    Observation o = obs(0, "{`type`:`file`,`name`:`" + "a".repeat(28) + "!`}");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> matches("[file:name MATCHES '(.*a){12}$']", o))
        .isInstanceOf(EvaluationLimitException.class);
    assertThat(matches("[file:name MATCHES '(.*a){12}!$']", o)).isTrue();
  }

  @Test
  void matchesOnBinaryPropertyMatchesBytes() {
    // payload_bin is base64 of the bytes D4 C3 B2 A1 02 00 04 00 (pcap magic), STIX 2.1 §9 example.
    Observation pcap = obs(0, "{`type`:`artifact`,`payload_bin`:`1MOyoQIABAA=`}");
    assertThat(matches("[artifact:payload_bin MATCHES '^\\\\xd4\\\\xc3\\\\xb2\\\\xa1']", pcap)).isTrue();
    assertThat(matches("[artifact:payload_bin MATCHES '^\\\\xa1']", pcap)).isFalse();
  }

  @Test
  void isSubsetAndIsSupersetTestCidrContainment() {
    Observation v4 = obs(0, "{`type`:`ipv4-addr`,`value`:`198.51.100.7`}");
    Observation net = obs(0, "{`type`:`ipv4-addr`,`value`:`198.51.100.0/24`}");
    assertThat(matches("[ipv4-addr:value ISSUBSET '198.51.100.0/24']", v4)).isTrue();
    assertThat(matches("[ipv4-addr:value ISSUBSET '198.51.101.0/24']", v4)).isFalse();
    assertThat(matches("[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']", v4)).isTrue();
    assertThat(matches("[ipv4-addr:value ISSUPERSET '198.51.100.200']", net)).isTrue();
    assertThat(matches("[ipv4-addr:value ISSUPERSET '198.51.0.0/16']", net)).isFalse();
  }

  @Test
  void existsTestsPresenceOfAProperty() {
    assertThat(matches("[EXISTS file:name]", FILE)).isTrue();
    assertThat(matches("[EXISTS file:hashes.'SHA-1']", FILE)).isFalse();
  }

  @Test
  void aMissingPropertyFailsWithAndWithoutNot() {
    assertThat(matches("[file:mime_type = 'x']", FILE)).isFalse();
    assertThat(matches("[file:mime_type != 'x']", FILE)).isFalse();
    assertThat(matches("[file:mime_type NOT = 'x']", FILE)).isFalse();
  }

  @Test
  void dictionaryKeysAreQuotedOrBare() {
    assertThat(matches("[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']", FILE)).isTrue();
    assertThat(matches("[file:hashes.'SHA-256' = 'aec0']", FILE)).isTrue();
    assertThat(matches("[file:hashes.'SHA-256' = 'aec1']", FILE)).isFalse();
  }

  @Test
  void anyIndexMatchesWhenSomeElementMatches() {
    assertThat(matches("[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]", FILE)).isTrue();
    assertThat(matches("[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.5]", FILE)).isFalse();
  }

  @Test
  void numericIndexSelectsOneElement() {
    assertThat(matches("[file:extensions.'windows-pebinary-ext'.sections[0].entropy = 6.5]", FILE)).isTrue();
    assertThat(matches("[file:extensions.'windows-pebinary-ext'.sections[0].entropy = 7.25]", FILE)).isFalse();
    assertThat(matches("[file:extensions.'windows-pebinary-ext'.sections[1].entropy = 7.25]", FILE)).isTrue();
    assertThat(matches("[file:extensions.'windows-pebinary-ext'.sections[2].entropy = 7.25]", FILE)).isFalse();
  }

  @Test
  void aListIsNotSearchedWithoutAnIndexStep() {
    assertThat(matches("[file:extensions.'windows-pebinary-ext'.sections.entropy = 6.5]", FILE)).isFalse();
  }

  @Test
  void timestampLiteralComparesWithTimestampStringsAsInstants() {
    assertThat(matches("[file:ctime = t'2014-01-13T07:03:17.000Z']", FILE)).isTrue();
    assertThat(matches("[file:ctime > t'2014-01-13T07:03:16.999Z']", FILE)).isTrue();
    assertThat(matches("[file:ctime < t'2014-01-13T07:03:17Z']", FILE)).isFalse();
    assertThat(matches("[file:name = t'2014-01-13T07:03:17Z']", FILE)).isFalse();
  }

  @Test
  void hexAndBinaryLiteralsCompareWithBinaryProperties() {
    assertThat(matches("[file:magic_number_hex = h'ffd8']", FILE)).isTrue();
    assertThat(matches("[file:magic_number_hex = h'FFD8']", FILE)).isTrue();
    assertThat(matches("[file:magic_number_hex = b'/9g=']", FILE)).isTrue();
    assertThat(matches("[file:magic_number_hex = h'ffd9']", FILE)).isFalse();
    assertThat(matches("[file:magic_number_hex > h'ff00']", FILE)).isTrue();
  }

  @Test
  void booleansCompareForEquality() {
    assertThat(matches("[file:x_flag = true]", FILE)).isTrue();
    assertThat(matches("[file:x_flag = false]", FILE)).isFalse();
    assertThat(matches("[file:x_flag != false]", FILE)).isTrue();
  }

  @Test
  void referencesAreFollowedWithinTheObservation() {
    Observation traffic =
        obs(
            0,
            "{`type`:`network-traffic`,`src_ref`:`1`,`dst_ref`:`2`,`dst_port`:443}",
            "{`type`:`ipv4-addr`,`value`:`10.0.0.1`}",
            "{`type`:`ipv4-addr`,`value`:`203.0.113.33`}");
    assertThat(matches("[network-traffic:dst_ref.value = '203.0.113.33']", traffic)).isTrue();
    assertThat(matches("[network-traffic:src_ref.value = '203.0.113.33']", traffic)).isFalse();
    assertThat(matches("[network-traffic:dst_ref.type = 'ipv4-addr']", traffic)).isTrue();
    assertThat(matches("[network-traffic:dst_ref.value ISSUBSET '203.0.113.0/24']", traffic)).isTrue();
  }

  @Test
  void unresolvedReferencesSelectNothing() {
    Observation dangling = obs(0, "{`type`:`network-traffic`,`dst_ref`:`9`}");
    assertThat(matches("[network-traffic:dst_ref.value != 'x']", dangling)).isFalse();
  }

  @Test
  void referenceListsAreFollowedWithAnIndex() {
    Observation domain =
        obs(
            0,
            "{`type`:`domain-name`,`value`:`www.5z8.info`,`resolves_to_refs`:[`1`,`2`]}",
            "{`type`:`ipv4-addr`,`value`:`192.0.2.1`}",
            "{`type`:`ipv4-addr`,`value`:`198.51.100.1`}");
    assertThat(matches("[domain-name:resolves_to_refs[*].value = '198.51.100.1']", domain)).isTrue();
    assertThat(matches("[domain-name:resolves_to_refs[0].value = '198.51.100.1']", domain)).isFalse();
    assertThat(matches("[domain-name:resolves_to_refs[1].value = '198.51.100.1']", domain)).isTrue();
  }

  @Test
  void andBindsAllComparisonsToOneObject() {
    // Two files, each satisfying one half: no single file satisfies both (STIX 2.1 §9.5).
    Observation twoFiles = obs(0, "{`type`:`file`,`name`:`a`}", "{`type`:`file`,`size`:5}");
    assertThat(matches("[file:name = 'a' AND file:size = 5]", twoFiles)).isFalse();
    assertThat(matches("[file:name = 'a' OR file:size = 5]", twoFiles)).isTrue();
    Observation oneFile = obs(0, "{`type`:`file`,`name`:`a`,`size`:5}");
    assertThat(matches("[file:name = 'a' AND file:size = 5]", oneFile)).isTrue();
  }

  @Test
  void orInsideAnObservationMayUseDifferentTypes() {
    Observation url = obs(0, "{`type`:`url`,`value`:`http://example.com/bar`}");
    assertThat(matches("[url:value = 'http://example.com/foo' OR domain-name:value = 'x']", url)).isFalse();
    assertThat(matches("[url:value = 'http://example.com/bar' OR domain-name:value = 'x']", url)).isTrue();
  }

  @Test
  void precedenceOfAndOverOrInsideAnObservation() {
    Observation o = obs(0, "{`type`:`file`,`name`:`a`,`size`:5}");
    // a AND b OR c  ==  (a AND b) OR c
    assertThat(matches("[file:name = 'x' AND file:size = 5 OR file:size = 5]", o)).isTrue();
    assertThat(matches("[file:name = 'x' AND (file:size = 5 OR file:size = 5)]", o)).isFalse();
  }

  @Test
  void likeAndMatchesCompareUnicodeInNormalizationFormC() {
    Observation decomposed = obs(0, "{`type`:`file`,`name`:`cafe\u0301.txt`}");
    assertThat(matches("[file:name LIKE 'caf\u00e9%']", decomposed)).isTrue();
    assertThat(matches("[file:name MATCHES '^caf\u00e9\\\\.']", decomposed)).isTrue();
  }
}
