package org.accord.stix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Small valid STIX objects, written for these tests, one per family, to break one rule at a time. */
final class Fixtures {
  private Fixtures() {}

  static final String IDENTITY_ID = "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff";

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) StixJson.mapper().readTree(text.replace('\'', '"'));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  static ObjectNode indicator() {
    ObjectNode o = json("""
        {'type':'indicator','spec_version':'2.1','id':'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
         'created':'2016-04-06T20:03:48.000Z','modified':'2016-04-06T20:03:48.000Z',
         'created_by_ref':'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
         'indicator_types':['malicious-activity'],'pattern':'',
         'pattern_type':'stix','valid_from':'2016-01-01T00:00:00Z','confidence':50}""");
    o.put("pattern", "[ipv4-addr:value = '198.51.100.1']");
    return o;
  }

  static ObjectNode sighting() {
    return json("""
        {'type':'sighting','spec_version':'2.1','id':'sighting--ee20065d-2555-424f-ad9e-0f8428623c75',
         'created':'2016-04-06T20:08:31.000Z','modified':'2016-04-06T20:08:31.000Z',
         'sighting_of_ref':'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f','count':3,
         'where_sighted_refs':['identity--f431f809-377b-45e0-aa1c-6a4751cae5ff']}""");
  }

  static ObjectNode observedData() {
    return json("""
        {'type':'observed-data','spec_version':'2.1','id':'observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf',
         'created':'2016-04-06T19:58:16.000Z','modified':'2016-04-06T19:58:16.000Z',
         'first_observed':'2015-12-21T19:00:00Z','last_observed':'2015-12-21T19:00:00Z','number_observed':50,
         'object_refs':['ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4']}""");
  }

  static ObjectNode relationship() {
    return json("""
        {'type':'relationship','spec_version':'2.1','id':'relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad',
         'created':'2016-04-06T20:06:37.000Z','modified':'2016-04-06T20:06:37.000Z','relationship_type':'indicates',
         'source_ref':'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
         'target_ref':'malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b'}""");
  }

  static ObjectNode location() {
    return json("""
        {'type':'location','spec_version':'2.1','id':'location--a6e9345f-5a15-4c29-8bb3-7dcc5d168d64',
         'created':'2016-04-06T20:03:00.000Z','modified':'2016-04-06T20:03:00.000Z',
         'latitude':48.8566,'longitude':2.3522,'region':'western-europe'}""");
  }

  /** ipv4-addr 198.51.100.3 with its deterministic id (STIX 2.1 §2.9). */
  static ObjectNode ipv4() {
    return json("""
        {'type':'ipv4-addr','spec_version':'2.1','id':'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4',
         'value':'198.51.100.3'}""");
  }

  static ObjectNode tlp1White() {
    return json("""
        {'type':'marking-definition','spec_version':'2.1','id':'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
         'created':'2017-01-20T00:00:00.000Z','definition_type':'tlp','name':'TLP:WHITE','definition':{'tlp':'white'}}""");
  }

  static ObjectNode tlp2AmberStrict() {
    return json("""
        {'type':'marking-definition','spec_version':'2.1','id':'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
         'created':'2022-10-01T00:00:00.000Z','name':'TLP:AMBER+STRICT',
         'extensions':{'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d':
            {'extension_type':'property-extension','tlp_2_0':'amber+strict'}}}""");
  }

  static ObjectNode extensionDefinition() {
    return json("""
        {'type':'extension-definition','spec_version':'2.1','id':'extension-definition--d83fce45-ef58-4c6c-a3f4-1fbc32e98c6e',
         'created_by_ref':'identity--f431f809-377b-45e0-aa1c-6a4751cae5ff','created':'2014-02-20T09:16:08.989Z',
         'modified':'2014-02-20T09:16:08.989Z','name':'New SDO 1','schema':'https://www.example.com/schema-newsdo-1/v1/',
         'version':'1.2.1','extension_types':['new-sdo']}""");
  }

  static ObjectNode languageContent() {
    return json("""
        {'type':'language-content','spec_version':'2.1','id':'language-content--b86bd89f-98bb-4fa9-8cb2-9ad421da981d',
         'created':'2017-02-08T21:31:22.007Z','modified':'2017-02-08T21:31:22.007Z',
         'object_ref':'campaign--12a111f0-b824-4baf-a224-83b80237a094','object_modified':'2017-02-08T21:31:22.007Z',
         'contents':{'de':{'name':'Bank Angriff 1'},'fr':{'name':'Attaque Bank 1'}}}""");
  }

  static ObjectNode networkTraffic() {
    return json("""
        {'type':'network-traffic','spec_version':'2.1','id':'network-traffic--0823ec56-19d4-5dcd-abec-3eea196f9d6a',
         'src_ref':'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4','dst_port':443,'protocols':['ipv4','tcp'],
         'extensions':{'tcp-ext':{'src_flags_hex':'00000002'}}}""");
  }

  static final Map<String, java.util.function.Supplier<ObjectNode>> ALL =
      Map.ofEntries(
          Map.entry("indicator", Fixtures::indicator),
          Map.entry("sighting", Fixtures::sighting),
          Map.entry("observed-data", Fixtures::observedData),
          Map.entry("relationship", Fixtures::relationship),
          Map.entry("location", Fixtures::location),
          Map.entry("ipv4-addr", Fixtures::ipv4),
          Map.entry("tlp1-white", Fixtures::tlp1White),
          Map.entry("tlp2-amber-strict", Fixtures::tlp2AmberStrict),
          Map.entry("extension-definition", Fixtures::extensionDefinition),
          Map.entry("language-content", Fixtures::languageContent),
          Map.entry("network-traffic", Fixtures::networkTraffic));
}
