package org.accord.sensor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.accord.sensor.flow.Addresses;
import org.accord.sensor.flow.FlowRecord;
import org.junit.jupiter.api.Test;

class LineDecodersTest {
  static final byte[] BROKEN_UTF8 = {'{', '"', 's', 'r', 'c', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

  static List<LogEvent> decode(LogLineDecoder d, String... lines) {
    List<LogEvent> out = new ArrayList<>();
    for (String l : lines) {
      d.decode(l, out::add);
    }
    return out;
  }

  @Test
  void jsonFlowLineWithEveryField() {
    JsonFlowDecoder d = new JsonFlowDecoder();
    List<FlowRecord> out = new ArrayList<>();

    d.decode("{\"src\":\"203.0.113.9\",\"dst\":\"192.0.2.10\",\"src_port\":53,\"dst_port\":40000,\"proto\":\"udp\","
        + "\"packets\":3,\"bytes\":4200,\"start\":\"2026-03-03T14:02:11.250Z\",\"end\":1772546531500,"
        + "\"tcp_flags\":\"SA\",\"exporter\":\"192.0.2.1\",\"extra\":{\"a\":[1,2]}}", r -> out.add(r.copy()));

    assertThat(out).hasSize(1);
    FlowRecord r = out.get(0);
    assertThat(r.toString()).isEqualTo("203.0.113.9:53 -> 192.0.2.10:40000 proto 17 flags 0x12 3 pkts 4200 B ["
        + Instant.parse("2026-03-03T14:02:11.250Z").toEpochMilli() + "..1772546531500]");
    assertThat(r.exporter).isEqualTo(0xC0000201L);
    assertThat(d.stats().snapshot()).isEqualTo(new LineStats.Counts(1, 1, 0, 0, 0));
  }

  @Test
  void jsonFlowLineWithIpv6AndAnEndBeforeItsStart() {
    JsonFlowDecoder d = new JsonFlowDecoder();
    List<FlowRecord> out = new ArrayList<>();

    d.decode("{\"src\":\"2001:db8::1\",\"dst\":\"2001:db8::2\",\"proto\":6,\"start\":2000,\"end\":1000}",
        r -> out.add(r.copy()));

    assertThat(out.get(0).ipv6).isTrue();
    assertThat(out.get(0).srcHi).isEqualTo(0x20010db800000000L);
    assertThat(out.get(0).dstLo).isEqualTo(2);
    assertThat(out.get(0).endMillis).isEqualTo(2000);
    assertThat(d.stats().snapshot().clamped()).isEqualTo(1);
  }

  /** goflow2's JSON output, what its users have on disk (issue 9, finding 6): field names and units as it writes them. */
  @Test
  void goflow2JsonLinesReadAsTheyAre() {
    JsonFlowDecoder d = new JsonFlowDecoder();
    List<FlowRecord> out = new ArrayList<>();

    d.decode("{\"type\":\"NETFLOW_V9\",\"time_received_ns\":1772546531900000000,\"sequence_num\":7,"
        + "\"sampling_rate\":0,\"sampler_address\":\"192.0.2.1\",\"time_flow_start_ns\":1772546531250000000,"
        + "\"time_flow_end_ns\":1772546531500000000,\"bytes\":4200,\"packets\":3,\"src_addr\":\"203.0.113.9\","
        + "\"dst_addr\":\"198.51.100.10\",\"etype\":\"IPv4\",\"proto\":\"UDP\",\"src_port\":123,\"dst_port\":40000,"
        + "\"in_if\":3,\"out_if\":4,\"src_mac\":\"00:00:5e:00:53:01\",\"tcp_flags\":0}", r -> out.add(r.copy()));
    // sFlow: no flow start (0), an IPv6 sampler sampling 1 in 512, a protocol this decoder does not name
    d.decode("{\"type\":\"SFLOW_5\",\"time_received_ns\":1772546532000000000,\"sampler_address\":\"2001:db8::7\","
        + "\"sampling_rate\":512,"
        + "\"time_flow_start_ns\":0,\"time_flow_end_ns\":0,\"bytes\":1500,\"packets\":1,\"src_addr\":\"2001:db8::1\","
        + "\"dst_addr\":\"2001:db8::2\",\"proto\":\"IPv6-NoNxt\"}", r -> out.add(r.copy()));

    assertThat(out).hasSize(2);
    assertThat(out.get(0).toString()).isEqualTo("203.0.113.9:123 -> 198.51.100.10:40000 proto 17 flags 0x0 3 pkts"
        + " 4200 B [1772546531250..1772546531500]");
    assertThat(out.get(0).exporter).isEqualTo(Addresses.parseV4("192.0.2.1"));
    assertThat(out.get(1).startMillis).isEqualTo(1772546532000L);
    assertThat(out.get(1).endMillis).isEqualTo(1772546532000L);
    assertThat(out.get(1).protocol).isEqualTo(255);
    assertThat(out.get(1).exporter).isNotZero();
    assertThat(out.get(0).samplingRate).isEqualTo(1); // goflow2's 0: the exporter said nothing
    assertThat(out.get(1).samplingRate).isEqualTo(512);
    assertThat(out.get(1).packets).isEqualTo(512);
    assertThat(out.get(1).bytes).isEqualTo(1500L * 512);
    assertThat(out.get(1).observedPackets()).isEqualTo(1);
    assertThat(d.stats().snapshot().malformed()).isZero();
  }

  /**
   * The record goflow2's own README shows for its default JSON output (sensor/src/test/resources/goflow2, BSD-3), and
   * the same record with {@code time_received_ns} rendered {@code datetimenano} as its docs/mapping.md allows.
   */
  @Test
  void goflow2sDocumentedRecordReadsWithItsSamplingRateAndEitherTimeRendering() throws Exception {
    String line = java.nio.file.Files.readString(java.nio.file.Path.of(
        getClass().getResource("/goflow2/readme-sflow.jsonl").toURI())).strip();
    String rendered = line.replace("\"time_received_ns\":1681583295157626000",
        "\"time_received_ns\":\"2023-04-15T18:28:15.157626Z\"");
    JsonFlowDecoder d = new JsonFlowDecoder();
    List<FlowRecord> out = new ArrayList<>();

    d.decode(line, r -> out.add(r.copy()));
    d.decode(rendered.replace("\"time_flow_start_ns\":1681583295157626000", "\"time_flow_start_ns\":0"),
        r -> out.add(r.copy()));

    assertThat(rendered).isNotEqualTo(line);
    assertThat(out).hasSize(2);
    for (FlowRecord r : out) {
      assertThat(r.ipv6).isTrue();
      assertThat(r.toString()).startsWith("fd01:0:0:0:0:0:0:1:443 -> fd01:0:0:0:0:0:0:2:50001 proto 6 ");
      assertThat(r.samplingRate).isEqualTo(100);
      assertThat(r.packets).isEqualTo(100); // 1 sampled packet of 1500 B, 1 in 100
      assertThat(r.bytes).isEqualTo(150_000);
      assertThat(r.startMillis).isEqualTo(1681583295157L);
      assertThat(r.exporter).isEqualTo(Addresses.parseV4("192.168.0.1"));
    }
    assertThat(d.stats().snapshot().malformed()).isZero();
  }

  @Test
  void brokenJsonLinesAreCountedNotThrown() {
    JsonFlowDecoder d = new JsonFlowDecoder();
    List<FlowRecord> out = new ArrayList<>();
    String[] bad = {
      "{\"src\":\"192.0.2.1\",\"dst\":\"192.0.2.2\"", // truncated
      "{\"src\":\"192.0.2.1\",\"dst\":\"192.0.2.2\"}", // no start
      "{\"src\":\"192.0.2.1\",\"dst\":\"2001:db8::1\",\"start\":1}", // mixed families
      "{\"src\":\"example.org\",\"dst\":\"192.0.2.2\",\"start\":1}", // a name, not an address
      "{\"src\":\"192.0.2.1\",\"dst\":\"192.0.2.2\",\"start\":1,\"src_port\":70000}",
      "{\"src\":\"192.0.2.1\",\"dst\":\"192.0.2.2\",\"start\":\"yesterday\"}",
      "{\"src\":\"192.0.2.1\",\"dst\":\"192.0.2.2\",\"start\":1} trailing",
      "[1,2,3]", "garbage", "\u0000\u0001"
    };
    for (String l : bad) {
      d.decode(l, r -> out.add(r.copy()));
    }
    d.decode(BROKEN_UTF8, 0, BROKEN_UTF8.length, r -> out.add(r.copy()));
    d.decode("   ", r -> out.add(r.copy()));

    assertThat(out).isEmpty();
    assertThat(d.stats().snapshot()).isEqualTo(new LineStats.Counts(bad.length + 2, 0, 1, bad.length + 1, 0));
  }

  @Test
  void combinedLogLinesBecomeHttpRequests() {
    AccessLogDecoder d = new AccessLogDecoder("bank.example", 443);

    List<LogEvent> out = decode(d,
        "203.0.113.7 - frank [10/Oct/2026:13:55:36 -0700] \"GET /login?u=\\\"x\\\" HTTP/1.1\" 401 2326"
            + " \"https://bank.example/\" \"Mozilla/5.0 (X11)\"",
        "2001:db8::7 - - [10/Oct/2026:20:55:37 +0000] \"POST /api HTTP/2.0\" 200 - \"-\" \"curl/8.5\"",
        "198.51.100.3 - - [10/Oct/2026:20:55:38 +0000] \"GET / HTTP/1.0\" 304 0"); // common log format

    assertThat(out).containsExactly(
        new LogEvent(Instant.parse("2026-10-10T20:55:36Z").toEpochMilli(), LogEvent.Kind.HTTP_REQUEST, "203.0.113.7",
            "bank.example", 443, "frank", "GET /login?u=\"x\" HTTP/1.1", 401, 2326),
        new LogEvent(Instant.parse("2026-10-10T20:55:37Z").toEpochMilli(), LogEvent.Kind.HTTP_REQUEST, "2001:db8::7",
            "bank.example", 443, "-", "POST /api HTTP/2.0", 200, 0),
        new LogEvent(Instant.parse("2026-10-10T20:55:38Z").toEpochMilli(), LogEvent.Kind.HTTP_REQUEST,
            "198.51.100.3", "bank.example", 443, "-", "GET / HTTP/1.0", 304, 0));
  }

  @Test
  void brokenAccessLogLinesAreCounted() {
    AccessLogDecoder d = new AccessLogDecoder("", 0);
    byte[] latin1 = "203.0.113.7 - m\u00fcller [10/Oct/2026:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1"
        .getBytes(StandardCharsets.ISO_8859_1);
    List<LogEvent> out = decode(d,
        "203.0.113.7 - - [10/Oct/2026:13:55:36 -0700] \"GET / HTTP/1.1", // truncated
        "host.example - - [10/Oct/2026:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1", // a host name
        "203.0.113.7 - - [31/Foo/2026:13:55:36 -0700] \"GET / HTTP/1.1\" 200 1", // a bad date
        "203.0.113.7 - - [10/Oct/2026:13:55:36 -0700] \"GET / HTTP/1.1\" abc 1",
        "\u00ff\u00fe garbage");
    d.decode(latin1, 0, latin1.length, out::add);

    assertThat(out).isEmpty();
    assertThat(d.stats().snapshot().malformed()).isEqualTo(6);
  }

  /** Issue 9, finding 6: last December's log read in January was put in the future (this year's December). */
  @Test
  void withoutAYearLastYearsLogReadEarlyThisYearIsLastYears() {
    java.time.Clock january = java.time.Clock.fixed(Instant.parse("2027-01-02T08:00:00Z"), ZoneId.of("UTC"));
    SshAuthLogDecoder d = SshAuthLogDecoder.inferringYear(january, ZoneId.of("UTC"), 22);

    List<LogEvent> out = decode(d,
        "Dec 31 23:59:58 bank-gw sshd[1]: Failed password for root from 100.64.0.1 port 40000 ssh2",
        "Jan  2 07:59:59 bank-gw sshd[1]: Failed password for root from 100.64.0.1 port 40000 ssh2",
        "Jan  3 07:00:00 bank-gw sshd[1]: Failed password for root from 100.64.0.1 port 40000 ssh2");

    assertThat(out).extracting(LogEvent::timeMillis).containsExactly(
        Instant.parse("2026-12-31T23:59:58Z").toEpochMilli(),
        Instant.parse("2027-01-02T07:59:59Z").toEpochMilli(),
        Instant.parse("2027-01-03T07:00:00Z").toEpochMilli()); // within a day ahead: clock skew, not last year
  }

  /**
   * An invalid user's attempt is one attempt: sshd logs "Invalid user" when the connection names the user and "Failed
   * ... for invalid user" when its password fails; the first failure of that sshd process is the announced attempt.
   */
  @Test
  void anInvalidUsersAttemptIsCountedOnceNotOncePerLine() {
    SshAuthLogDecoder d = new SshAuthLogDecoder(2026);

    List<LogEvent> out = decode(d,
        "Dec 10 10:54:27 LabSZ sshd[24868]: Invalid user zhangyan from 183.62.140.253",
        "Dec 10 10:54:29 LabSZ sshd[24868]: Failed password for invalid user zhangyan from 183.62.140.253 port 33521 ssh2",
        "Dec 10 10:54:31 LabSZ sshd[24868]: Failed password for invalid user zhangyan from 183.62.140.253 port 33521 ssh2",
        "Dec 10 10:54:32 LabSZ sshd[24870]: Invalid user dff from 183.62.140.253",
        "Dec 10 10:54:33 LabSZ sshd[24871]: Invalid user oracle from 183.62.140.253",
        "Dec 10 10:54:34 LabSZ sshd[24871]: message repeated 3 times: [ Failed password for invalid user oracle from"
            + " 183.62.140.253 port 3 ssh2]",
        "Dec 10 10:54:35 LabSZ sshd[24872]: Failed password for invalid user x from 183.62.140.253 port 4 ssh2");

    // 24868: announced + one more failure = 2; 24870 gave up before a password = 1; 24871: announced + 2 more = 3;
    // 24872 announced nothing here (its line was rotated away) = 1.
    assertThat(out).hasSize(7);
    assertThat(out).extracting(LogEvent::kind).containsExactly(LogEvent.Kind.AUTH_INVALID_USER,
        LogEvent.Kind.AUTH_FAILURE, LogEvent.Kind.AUTH_INVALID_USER, LogEvent.Kind.AUTH_INVALID_USER,
        LogEvent.Kind.AUTH_FAILURE, LogEvent.Kind.AUTH_FAILURE, LogEvent.Kind.AUTH_FAILURE);
    assertThat(d.stats().snapshot().ignored()).isEqualTo(1);
  }

  /** A leap day's log read the next year: Feb 29 is no date of this year, so it is last year's, never dropped. */
  @Test
  void withoutAYearALeapDaysLogReadTheNextYearIsTheLeapYears() {
    java.time.Clock march = java.time.Clock.fixed(Instant.parse("2029-03-01T08:00:00Z"), ZoneId.of("UTC"));
    SshAuthLogDecoder d = SshAuthLogDecoder.inferringYear(march, ZoneId.of("UTC"), 22);

    List<LogEvent> out = decode(d,
        "Feb 29 10:00:00 bank-gw sshd[1]: Failed password for root from 100.64.0.1 port 40000 ssh2",
        "Dec 31 23:00:00 bank-gw sshd[1]: Failed password for root from 100.64.0.1 port 40000 ssh2");

    assertThat(out).extracting(LogEvent::timeMillis).containsExactly(
        Instant.parse("2028-02-29T10:00:00Z").toEpochMilli(),
        Instant.parse("2028-12-31T23:00:00Z").toEpochMilli());
    assertThat(d.stats().snapshot().malformed()).isZero();
  }

  @Test
  void sshFailuresInvalidUsersAndSuccessesFromSyslog() {
    SshAuthLogDecoder d = new SshAuthLogDecoder(2026, ZoneId.of("UTC"), 22);

    List<LogEvent> out = decode(d,
        "Mar  3 14:02:11 bank-gw sshd[4121]: Invalid user admin from 203.0.113.5 port 52314",
        "Mar  3 14:02:11 bank-gw sshd[4121]: Failed password for invalid user admin from 203.0.113.5 port 52314 ssh2",
        "Mar  3 14:02:12 bank-gw sshd[4122]: Failed password for root from 100.64.0.1 port 40000 ssh2",
        "Mar 13 14:02:15 bank-gw sshd[4125]: Accepted publickey for alice from 2001:db8::5 port 40022 ssh2: ED25519 x",
        "2026-03-03T15:00:00.5+01:00 bank-gw sshd[9]: Failed publickey for bob from 192.0.2.4 port 1 ssh2",
        "Mar  3 14:02:20 bank-gw sshd[4121]: message repeated 2 times: [ Failed password for root from 100.64.0.1 port"
            + " 40000 ssh2]",
        "Mar  3 14:02:21 bank-gw sshd[4121]: Connection closed by 203.0.113.5 port 52314 [preauth]",
        "Mar  3 14:02:21 bank-gw CRON[77]: pam_unix(cron:session): session opened for user root");

    long t = Instant.parse("2026-03-03T14:02:11Z").toEpochMilli();
    assertThat(out).extracting(LogEvent::kind, LogEvent::source, LogEvent::user, LogEvent::timeMillis)
        .containsExactly(
            // the announced invalid user's failure is the same attempt: one event, not two
            org.assertj.core.groups.Tuple.tuple(LogEvent.Kind.AUTH_INVALID_USER, "203.0.113.5", "admin", t),
            org.assertj.core.groups.Tuple.tuple(LogEvent.Kind.AUTH_FAILURE, "100.64.0.1", "root", t + 1000),
            org.assertj.core.groups.Tuple.tuple(LogEvent.Kind.AUTH_SUCCESS, "2001:db8::5", "alice",
                Instant.parse("2026-03-13T14:02:15Z").toEpochMilli()),
            org.assertj.core.groups.Tuple.tuple(LogEvent.Kind.AUTH_FAILURE, "192.0.2.4", "bob",
                Instant.parse("2026-03-03T14:00:00.5Z").toEpochMilli()),
            org.assertj.core.groups.Tuple.tuple(LogEvent.Kind.AUTH_FAILURE, "100.64.0.1", "root", t + 9000),
            org.assertj.core.groups.Tuple.tuple(LogEvent.Kind.AUTH_FAILURE, "100.64.0.1", "root", t + 9000));
    assertThat(out).allSatisfy(e -> {
      assertThat(e.target()).isEqualTo("bank-gw");
      assertThat(e.service()).isEqualTo(22);
    });
    assertThat(d.stats().snapshot()).isEqualTo(new LineStats.Counts(8, 6, 3, 0, 0));
  }

  @Test
  void brokenSshLinesInAnyEncodingAreCountedNeverThrown() {
    SshAuthLogDecoder d = new SshAuthLogDecoder(2026);
    List<LogEvent> out = decode(d,
        "Mar  3 14:02", // truncated
        "Foo  3 14:02:11 bank-gw sshd[1]: Failed password for root from 192.0.2.1 port 1 ssh2",
        "Feb 30 14:02:11 bank-gw sshd[1]: Failed password for root from 192.0.2.1 port 1 ssh2",
        "Mar  3 14:02:11 bank-gw sshd[1]: Failed password for root from not-an-ip port 1 ssh2",
        "Mar  3 14:02:11 bank-gw sshd[1]: Failed password for root");
    byte[] overlong = "Mar  3 14:02:11 h sshd[1]: Failed password for \u00c0 from 192.0.2.1".getBytes(
        StandardCharsets.UTF_8);
    overlong[overlong.length - 16] = (byte) 0xC0; // an overlong encoding of '/' : invalid UTF-8
    overlong[overlong.length - 15] = (byte) 0xAF;
    d.decode(overlong, 0, overlong.length, out::add);
    SplittableRandom rnd = new SplittableRandom(4);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[rnd.nextInt(120)];
      rnd.nextBytes(b);
      d.decode(b, 0, b.length, out::add);
    }

    assertThat(out).isEmpty();
    assertThat(d.stats().snapshot().malformed() + d.stats().snapshot().ignored()).isEqualTo(2006);
    assertThat(d.stats().snapshot().malformed()).isGreaterThanOrEqualTo(6);
  }
}
