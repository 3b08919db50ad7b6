package org.accord.stix.pattern.eval;

import static org.accord.stix.pattern.eval.Fixtures.obs;
import static org.accord.stix.pattern.eval.Fixtures.span;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example patterns of the STIX 2.1 specification's patterning section (§9; the same text as
 * src/test/resources/patterns/spec-examples.txt, which each test checks), each against observations that match and
 * observations that do not.
 */
class SpecExamplesTest {
  private static final String SPEC = load();

  private static String load() {
    try (InputStream in = SpecExamplesTest.class.getResourceAsStream("/patterns/spec-examples.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The compiled example, after checking it is verbatim one of the specification's. */
  private static CompiledPattern example(String pattern) {
    assertThat(SPEC.lines()).contains(pattern);
    return Fixtures.compile(pattern);
  }

  private static final String SHA_A = "aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f";
  private static final String SHA_B = "bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c";

  private static String file(String props) {
    return "{`type`:`file`," + props + "}";
  }

  @Test
  void fileHash() {
    CompiledPattern p = example("[file:hashes.'SHA-256' = '" + SHA_A + "']");
    assertThat(p.matches(List.of(obs(0, file("`hashes`:{`SHA-256`:`" + SHA_A + "`}"))))).isTrue();
    assertThat(p.matches(List.of(obs(0, file("`hashes`:{`SHA-256`:`" + SHA_B + "`}"))))).isFalse();
  }

  @Test
  void emailFromDomainWithExecutableAttachment() {
    CompiledPattern p =
        example(
            "[email-message:from_ref.value MATCHES '.+\\\\@example\\\\.com$' AND"
                + " email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']");
    String mail =
        "{`type`:`email-message`,`is_multipart`:true,`from_ref`:`1`,"
            + "`body_multipart`:[{`body`:`hi`},{`body_raw_ref`:`2`}]}";
    String from = "{`type`:`email-addr`,`value`:`mallory@example.com`}";
    assertThat(p.matches(List.of(obs(0, mail, from, file("`name`:`Final Report 2024.exe`"))))).isTrue();
    assertThat(p.matches(List.of(obs(0, mail, from, file("`name`:`Final Report 2024.pdf`"))))).isFalse();
    String other = "{`type`:`email-addr`,`value`:`mallory@example.org`}";
    assertThat(p.matches(List.of(obs(0, mail, other, file("`name`:`Final Report 2024.exe`"))))).isFalse();
  }

  @Test
  void fileHashAndMimeTypeOnOneFile() {
    CompiledPattern p =
        example("[file:hashes.'SHA-256' = '" + SHA_A + "' AND file:mime_type = 'application/x-pdf']");
    String hash = "`hashes`:{`SHA-256`:`" + SHA_A + "`}";
    assertThat(p.matches(List.of(obs(0, file(hash + ",`mime_type`:`application/x-pdf`"))))).isTrue();
    // The two properties on two different files of one observation do not satisfy one observation expression.
    assertThat(p.matches(List.of(obs(0, file(hash), file("`mime_type`:`application/x-pdf`"))))).isFalse();
  }

  @Test
  void twoObservationsJoinedByAnd() {
    CompiledPattern p =
        example(
            "[file:hashes.'SHA-256' = '" + SHA_B + "' OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']"
                + " AND [file:hashes.'SHA-256' = '" + SHA_A + "']");
    Observation md5 = obs(0, file("`hashes`:{`MD5`:`cead3f77f6cda6ec00f57d76c9a6879f`}"));
    Observation shaA = obs(9, file("`hashes`:{`SHA-256`:`" + SHA_A + "`}"));
    assertThat(p.matches(List.of(md5, shaA))).isTrue();
    assertThat(p.matches(List.of(shaA, shaA))).isFalse();
    assertThat(p.matches(List.of(md5))).isFalse();
  }

  @Test
  void hashFollowedByRegistryKeyWithinFiveMinutes() {
    CompiledPattern p =
        example(
            "([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY"
                + " [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS");
    String f = file("`hashes`:{`MD5`:`79054025255fb1a26e4bc422aef54eb4`}");
    String key = "{`type`:`windows-registry-key`,`key`:`HKEY_LOCAL_MACHINE\\\\foo\\\\bar`}";
    assertThat(p.matches(List.of(obs(0, f), obs(120, key)))).isTrue();
    assertThat(p.matches(List.of(obs(0, f), obs(301, key)))).isFalse();
    assertThat(p.matches(List.of(obs(120, f), obs(0, key)))).isFalse();
  }

  @Test
  void threeUserAccounts() {
    CompiledPattern p =
        example(
            "[user-account:account_type = 'unix' AND user-account:user_id = '1007' AND"
                + " user-account:account_login = 'Peter'] AND [user-account:account_type = 'unix' AND"
                + " user-account:user_id = '1008' AND user-account:account_login = 'Paul'] AND"
                + " [user-account:account_type = 'unix' AND user-account:user_id = '1009' AND"
                + " user-account:account_login = 'Mary']");
    Observation peter = obs(0, account("1007", "Peter"));
    Observation paul = obs(1, account("1008", "Paul"));
    Observation mary = obs(2, account("1009", "Mary"));
    assertThat(p.matches(List.of(mary, peter, paul))).isTrue();
    assertThat(p.matches(List.of(peter, paul))).isFalse();
    assertThat(p.matches(List.of(peter, paul, obs(3, account("1009", "Marty"))))).isFalse();
  }

  private static String account(String id, String login) {
    return "{`type`:`user-account`,`account_type`:`unix`,`user_id`:`" + id + "`,`account_login`:`" + login + "`}";
  }

  @Test
  void pcapArtifactByPayloadBytes() {
    CompiledPattern p =
        example(
            "[artifact:mime_type = 'application/vnd.tcpdump.pcap' AND artifact:payload_bin MATCHES"
                + " '\\\\xd4\\\\xc3\\\\xb2\\\\xa1\\\\x02\\\\x00\\\\x04\\\\x00']");
    // base64 of D4 C3 B2 A1 02 00 04 00 followed by more bytes
    String pcap = "{`type`:`artifact`,`mime_type`:`application/vnd.tcpdump.pcap`,`payload_bin`:`1MOyoQIABAAAAAAA`}";
    String other = "{`type`:`artifact`,`mime_type`:`application/vnd.tcpdump.pcap`,`payload_bin`:`CgsMDQ==`}";
    assertThat(p.matches(List.of(obs(0, pcap)))).isTrue();
    assertThat(p.matches(List.of(obs(0, other)))).isFalse();
  }

  @Test
  void dllInSystem32ThroughParentDirectoryRef() {
    CompiledPattern p =
        example("[file:name = 'foo.dll' AND file:parent_directory_ref.path = 'C:\\\\Windows\\\\System32']");
    String dir = "{`type`:`directory`,`path`:`C:\\\\Windows\\\\System32`}";
    String elsewhere = "{`type`:`directory`,`path`:`C:\\\\Temp`}";
    assertThat(p.matches(List.of(obs(0, file("`name`:`foo.dll`,`parent_directory_ref`:`1`"), dir)))).isTrue();
    assertThat(p.matches(List.of(obs(0, file("`name`:`foo.dll`,`parent_directory_ref`:`1`"), elsewhere))))
        .isFalse();
  }

  @Test
  void highEntropySection() {
    CompiledPattern p = example("[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]");
    String packed = file("`extensions`:{`windows-pebinary-ext`:{`sections`:[{`entropy`:5.1},{`entropy`:7.9}]}}");
    String plain = file("`extensions`:{`windows-pebinary-ext`:{`sections`:[{`entropy`:5.1},{`entropy`:7.0}]}}");
    assertThat(p.matches(List.of(obs(0, packed)))).isTrue();
    assertThat(p.matches(List.of(obs(0, plain)))).isFalse();
  }

  @Test
  void bmpWithJpegMagic() {
    CompiledPattern p = example("[file:mime_type = 'image/bmp' AND file:magic_number_hex = h'ffd8']");
    assertThat(p.matches(List.of(obs(0, file("`mime_type`:`image/bmp`,`magic_number_hex`:`FFD8`"))))).isTrue();
    assertThat(p.matches(List.of(obs(0, file("`mime_type`:`image/bmp`,`magic_number_hex`:`424D`"))))).isFalse();
  }

  @Test
  void trafficToAnAddressComparesTheValueAsText() {
    CompiledPattern p =
        example(
            "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.33/32']");
    String traffic = "{`type`:`network-traffic`,`dst_ref`:`1`,`protocols`:[`tcp`]}";
    // '=' is string equality (STIX 2.1 §9.5), as in the reference matcher: the value must be written as in the
    // pattern. ISSUBSET is the operator for address containment.
    assertThat(p.matches(List.of(obs(0, traffic, "{`type`:`ipv4-addr`,`value`:`203.0.113.33/32`}")))).isTrue();
    assertThat(p.matches(List.of(obs(0, traffic, "{`type`:`ipv4-addr`,`value`:`203.0.113.34/32`}")))).isFalse();
    assertThat(p.matches(List.of(obs(0, traffic, "{`type`:`ipv4-addr`,`value`:`203.0.113.33`}")))).isFalse();
  }

  @Test
  void fiveConnectionsToADomainWithinHalfAnHour() {
    CompiledPattern p =
        example(
            "[network-traffic:dst_ref.type = 'domain-name' AND network-traffic:dst_ref.value = 'example.com']"
                + " REPEATS 5 TIMES WITHIN 1800 SECONDS");
    String traffic = "{`type`:`network-traffic`,`dst_ref`:`1`,`protocols`:[`tcp`]}";
    String domain = "{`type`:`domain-name`,`value`:`example.com`}";
    List<Observation> fiveIn20Min =
        List.of(obs(0, traffic, domain), obs(300, traffic, domain), obs(600, traffic, domain),
            obs(900, traffic, domain), obs(1200, traffic, domain));
    assertThat(p.matches(fiveIn20Min)).isTrue();
    List<Observation> fiveIn40Min =
        List.of(obs(0, traffic, domain), obs(600, traffic, domain), obs(1200, traffic, domain),
            obs(1800, traffic, domain), obs(2400, traffic, domain));
    assertThat(p.matches(fiveIn40Min)).isFalse();
    assertThat(p.matches(List.of(span(0, 1000, 5, traffic, domain)))).isTrue();
  }

  @Test
  void domainResolvingToAnAddress() {
    CompiledPattern p =
        example(
            "[domain-name:value = 'www.5z8.info' AND domain-name:resolves_to_refs[*].value = '198.51.100.1/32']");
    String d = "{`type`:`domain-name`,`value`:`www.5z8.info`,`resolves_to_refs`:[`1`,`2`]}";
    String ipA = "{`type`:`ipv4-addr`,`value`:`192.0.2.7/32`}";
    assertThat(p.matches(List.of(obs(0, d, ipA, "{`type`:`ipv4-addr`,`value`:`198.51.100.1/32`}")))).isTrue();
    assertThat(p.matches(List.of(obs(0, d, ipA, "{`type`:`ipv4-addr`,`value`:`198.51.100.2/32`}")))).isFalse();
  }

  @Test
  void eitherUrl() {
    CompiledPattern p = example("[url:value = 'http://example.com/foo' OR url:value = 'http://example.com/bar']");
    assertThat(p.matches(List.of(obs(0, "{`type`:`url`,`value`:`http://example.com/bar`}")))).isTrue();
    assertThat(p.matches(List.of(obs(0, "{`type`:`url`,`value`:`http://example.com/baz`}")))).isFalse();
  }

  @Test
  void certificateByIssuerAndSerial() {
    CompiledPattern p =
        example(
            "[x509-certificate:issuer = 'CN=WEBMAIL' AND x509-certificate:serial_number ="
                + " '4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28']");
    String serial = "4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28";
    assertThat(p.matches(List.of(obs(0, cert("CN=WEBMAIL", serial))))).isTrue();
    assertThat(p.matches(List.of(obs(0, cert("CN=WEBMAIL2", serial))))).isFalse();
  }

  private static String cert(String issuer, String serial) {
    return "{`type`:`x509-certificate`,`issuer`:`" + issuer + "`,`serial_number`:`" + serial + "`}";
  }

  @Test
  void cryptoLockerRegistryKeys() {
    CompiledPattern p =
        example(
            "[windows-registry-key:key = 'HKEY_CURRENT_USER\\\\Software\\\\CryptoLocker\\\\Files' OR"
                + " windows-registry-key:key ="
                + " 'HKEY_CURRENT_USER\\\\Software\\\\Microsoft\\\\Windows\\\\CurrentVersion"
                + "\\\\Run\\\\CryptoLocker_0388']");
    String hit = "{`type`:`windows-registry-key`,`key`:`HKEY_CURRENT_USER\\\\Software\\\\CryptoLocker\\\\Files`}";
    String miss = "{`type`:`windows-registry-key`,`key`:`HKEY_CURRENT_USER\\\\Software\\\\Other`}";
    assertThat(p.matches(List.of(obs(0, hit)))).isTrue();
    assertThat(p.matches(List.of(obs(0, miss)))).isFalse();
  }

  @Test
  void fileByNameOrSizeCreatedAtATime() {
    CompiledPattern p =
        example(
            "[(file:name = 'pdf.exe' OR file:size = '371712') AND file:created = t'2014-01-13T07:03:17Z']");
    assertThat(p.matches(List.of(obs(0, file("`name`:`pdf.exe`,`created`:`2014-01-13T07:03:17.000Z`"))))).isTrue();
    assertThat(p.matches(List.of(obs(0, file("`name`:`pdf.exe`,`created`:`2014-01-13T07:03:18Z`"))))).isFalse();
    // The example compares size with a string: an integer size 371712 is not equal to it (types differ).
    assertThat(p.matches(List.of(obs(0, file("`size`:371712,`created`:`2014-01-13T07:03:17Z`"))))).isFalse();
  }

  @Test
  void emailBySenderAndSubject() {
    CompiledPattern p =
        example("[email-message:sender_ref.value = 'jdoe@example.com' AND email-message:subject = 'Conference Info']");
    String addr = "{`type`:`email-addr`,`value`:`jdoe@example.com`}";
    assertThat(p.matches(List.of(obs(0, mail("Conference Info"), addr)))).isTrue();
    assertThat(p.matches(List.of(obs(0, mail("Conference info"), addr)))).isFalse();
  }

  private static String mail(String subject) {
    return "{`type`:`email-message`,`is_multipart`:false,`sender_ref`:`1`,`subject`:`" + subject + "`}";
  }

  @Test
  void customObjectType() {
    CompiledPattern p = example("[x-usb-device:usbdrive.serial_number = '575833314133343231313937']");
    String dev = "{`type`:`x-usb-device`,`usbdrive`:{`serial_number`:`575833314133343231313937`}}";
    assertThat(p.matches(List.of(obs(0, dev)))).isTrue();
    assertThat(p.matches(List.of(obs(0, "{`type`:`x-usb-device`,`usbdrive`:{`serial_number`:`1`}}")))).isFalse();
  }

  @Test
  void certificateInstallationsInOrderWithinFiveMinutes() {
    CompiledPattern p =
        example(
            "[process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachine Root$'] FOLLOWEDBY"
                + " [process:command_line MATCHES '^.+>-add GlobalSign.cer -c -s -r localMachineTrustedPublisher$']"
                + " WITHIN 300 SECONDS");
    String cmd = "{`type`:`process`,`command_line`:`C:\\\\certmgr.exe>-add GlobalSign.cer -c -s -r ";
    String root = cmd + "localMachine Root`}";
    String pub = cmd + "localMachineTrustedPublisher`}";
    assertThat(p.matches(List.of(obs(0, root), obs(60, pub)))).isTrue();
    assertThat(p.matches(List.of(obs(60, root), obs(0, pub)))).isFalse();
    // WITHIN binds to the right operand only (qualifiers bind tighter than FOLLOWEDBY), so a late second step
    // still matches.
    assertThat(p.matches(List.of(obs(0, root), obs(3600, pub)))).isTrue();
  }

  @Test
  void trafficToAnIpv6Subnet() {
    CompiledPattern p =
        example("[network-traffic:dst_ref.value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']");
    String traffic = "{`type`:`network-traffic`,`dst_ref`:`1`,`protocols`:[`ipv6`]}";
    assertThat(p.matches(List.of(obs(0, traffic, "{`type`:`ipv6-addr`,`value`:`2001:db8:dead:beef::1`}"))))
        .isTrue();
    assertThat(p.matches(List.of(obs(0, traffic, "{`type`:`ipv6-addr`,`value`:`2001:db8:dead:bee0::1`}"))))
        .isFalse();
  }

  @Test
  void dllAndRegistryKeyOrAProcess() {
    CompiledPattern p =
        example(
            "([file:name = 'foo.dll'] AND [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) OR"
                + " [process:name = 'fooproc' OR process:name = 'procfoo']");
    Observation dll = obs(0, file("`name`:`foo.dll`"));
    Observation key = obs(1, "{`type`:`windows-registry-key`,`key`:`HKEY_LOCAL_MACHINE\\\\foo\\\\bar`}");
    Observation proc = obs(2, "{`type`:`process`,`name`:`procfoo`}");
    assertThat(p.matches(List.of(dll, key))).isTrue();
    assertThat(p.matches(List.of(proc))).isTrue();
    assertThat(p.matches(List.of(dll))).isFalse();
    assertThat(p.matches(List.of(dll, obs(2, "{`type`:`process`,`name`:`barproc`}")))).isFalse();
  }
}
