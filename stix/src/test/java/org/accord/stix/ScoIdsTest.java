package org.accord.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * Deterministic SCO ids (STIX 2.1 §2.9). Expected ids come from outside this code: the OASIS reference
 * implementation's test suite (cti-python-stix2, stix2/test/v21/test_deterministic_ids.py) and, for the simple
 * cases, Python's uuid.uuid5 over json.dumps(sort_keys=True), which equals RFC 8785 for these inputs.
 */
class ScoIdsTest {
  @Test
  void fileWithPeBinaryExtensionMatchesTheOasisReferenceImplementation() {
    ObjectNode file = Fixtures.json("""
        {'type':'file','name':'example.exe','size':68000,'magic_number_hex':'50000000',
         'hashes':{'SHA-256':'841a8921140aba50671ebb0770fecc4ee308c4952cfeff8de154ab14eeef4649'},
         'extensions':{'windows-pebinary-ext':{'pe_type':'exe','machine_hex':'014c',
           'sections':[{'name':'.data','size':4096,'entropy':7.980693,
             'hashes':{'SHA-256':'6e3b6f3978e5cd96ba7abee35c24e867b7e64072e2ecb22d0ee7a6e6af6894d0'}}]}}}""");
    assertThat(ScoIds.deterministicId(file)).hasValue("file--ced31cd4-bdcb-537d-aefa-92d291bfc11d");
  }

  @Test
  void registryKeyValuesMatchTheOasisReferenceImplementation() {
    ObjectNode key = Fixtures.json("""
        {'type':'windows-registry-key','values':[{'name':'Foo','data':'qwerty'},{'name':'Bar','data':'42'}]}""");
    assertThat(ScoIds.deterministicId(key))
        .hasValue("windows-registry-key--36594eba-bcc7-5014-9835-0e154264e588");
  }

  @Test
  void onlyContributingPropertiesCount() {
    ObjectNode a = Fixtures.json("{'type':'email-addr','value':'john@example.com','display_name':'Johnny Doe'}");
    ObjectNode b = Fixtures.json("{'type':'email-addr','value':'john@example.com','display_name':'Janey Doe'}");
    ObjectNode c = Fixtures.json("{'type':'email-addr','value':'jane@example.com'}");
    assertThat(ScoIds.deterministicId(a)).isEqualTo(ScoIds.deterministicId(b));
    assertThat(ScoIds.deterministicId(a)).isNotEqualTo(ScoIds.deterministicId(c));
    assertThat(ScoIds.deterministicId(a)).hasValue("email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934");
  }

  @Test
  void ipv4AndDomainNameIds() {
    assertThat(ScoIds.deterministicId(Fixtures.json("{'type':'ipv4-addr','value':'198.51.100.3'}")))
        .hasValue("ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4");
    assertThat(ScoIds.deterministicId(Fixtures.json("{'type':'domain-name','value':'example.com'}")))
        .hasValue("domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7");
  }

  @Test
  void onlyOneHashEntersTheIdPreferringMd5() {
    ObjectNode both = Fixtures.json("""
        {'type':'file','hashes':{'SHA-256':'841a8921140aba50671ebb0770fecc4ee308c4952cfeff8de154ab14eeef4649',
         'MD5':'0123456789abcdef0123456789abcdef'}}""");
    ObjectNode md5 = Fixtures.json("{'type':'file','hashes':{'MD5':'0123456789abcdef0123456789abcdef'}}");
    assertThat(ScoIds.deterministicId(both)).isEqualTo(ScoIds.deterministicId(md5));
  }

  @Test
  void typesWithoutContributingPropertiesHaveNoDeterministicId() {
    assertThat(ScoIds.deterministicId(Fixtures.json("{'type':'process','pid':4}"))).isEmpty();
    assertThat(ScoIds.deterministicId(Fixtures.json("{'type':'mutex'}"))).isEmpty();
    assertThat(ScoIds.deterministicId(Fixtures.json("{'type':'indicator','name':'x'}"))).isEmpty();
  }

  @Test
  void canonicalJsonSortsMembersAndFormatsNumbersTheEcmaScriptWay() {
    ObjectNode o = Fixtures.json("{'b':1.50,'a':[1E2,0.000001,1e21,-0.0,123456789012],'\\u00e9':'\\n\\u0001/'}");
    assertThat(Jcs.canonicalize(o))
        .isEqualTo("{\"a\":[100,0.000001,1e+21,0,123456789012],\"b\":1.5,\"é\":\"\\n\\u0001/\"}");
  }

  @Test
  void smallNumbersUseExponentBelowOneMillionth() {
    assertThat(Jcs.number(1e-7)).isEqualTo("1e-7");
    assertThat(Jcs.number(1.5e-7)).isEqualTo("1.5e-7");
    assertThat(Jcs.number(333333333.33333329)).isEqualTo("333333333.3333333");
  }
}
