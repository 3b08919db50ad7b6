package org.accord.sensor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.accord.sensor.decode.FlowFiles;
import org.accord.sensor.decode.LogLineDecoder;
import org.accord.sensor.decode.SshAuthLogDecoder;
import org.accord.sensor.detect.Attack;
import org.accord.sensor.detect.DetectorConfig;
import org.accord.sensor.detect.Detectors;
import org.accord.sensor.enrich.AssetLookup;
import org.accord.sensor.enrich.GeoLookup;
import org.accord.sensor.output.OutputSettings;
import org.accord.stix.Timestamps;
import org.accord.stix.Tlp;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, finding 7: attacks seen in real logs end when they end. The SSH log is LogHub's 2,000-line sample of the
 * LabSZ server (src/test/resources/logs/README.md); the expected figures are computed here from the file by a naive
 * reading that shares nothing with the decoder or the detector.
 */
class LogAttacksTest {
  static final String IDENTITY = "identity--fb7c2360-72de-4f0a-9d28-35f2bce8a792";
  /** LogHub does not say the year; any year does, as long as both readings agree. */
  private static final int YEAR = 2015;
  private static final DateTimeFormatter SYSLOG =
      DateTimeFormatter.ofPattern("yyyy MMM d HH:mm:ss", Locale.ENGLISH);

  static Path resource(String name) {
    try {
      return Path.of(LogAttacksTest.class.getResource("/logs/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A sensor on the real detectors, with every STIX object it emits collected. */
  record Run(Sensor sensor, List<ObjectNode> objects) {
    static Run of(DetectorConfig config) {
      List<ObjectNode> objects = new ArrayList<>();
      Detectors detectors = new Detectors(config, AssetLookup.NONE, GeoLookup.NONE, "CN");
      Sensor sensor = new Sensor(Sensor.Matcher.NONE, AssetLookup.NONE, Sensor.Detection.of(detectors),
          new OutputSettings(IDENTITY, Tlp.AMBER, 60_000, "CN"), objects::addAll);
      return new Run(sensor, objects);
    }

    void read(String file, LogLineDecoder decoder) throws IOException {
      FlowFiles.readLog(resource(file), decoder, sensor::event, FlowFiles.Progress.NONE);
      sensor.finish();
    }

    /** The stored version of each object: the one with the latest {@code modified} (the store keeps it). */
    Map<String, ObjectNode> stored(String type) {
      Map<String, ObjectNode> out = new HashMap<>();
      for (ObjectNode o : objects) {
        if (o.get("type").asText().equals(type)) {
          out.merge(o.get("id").asText(), o,
              (a, b) -> b.get("modified").asText().compareTo(a.get("modified").asText()) >= 0 ? b : a);
        }
      }
      return out;
    }
  }

  /**
   * Times (ms) of the failed attempts of each source, read naively: one per "Failed ..." or "Invalid user" line,
   * except that a connection's (sshd[pid]'s) first "Failed ... for invalid user" after its "Invalid user" line is the
   * attempt that line announced.
   */
  static Map<String, List<Long>> failuresBySource(Path log) throws IOException {
    Pattern line = Pattern.compile(
        "^(\\w{3} +\\d+ \\d\\d:\\d\\d:\\d\\d) \\S+ sshd\\[(\\d+)\\]: (?:message repeated (\\d+) times: \\[ )?"
            + "(Failed \\S+ for invalid user|Failed \\S+ for|Invalid user) .* from (\\d+\\.\\d+\\.\\d+\\.\\d+)");
    Map<String, List<Long>> out = new TreeMap<>();
    Map<String, String> announced = new HashMap<>();
    for (String s : Files.readAllLines(log)) {
      Matcher m = line.matcher(s);
      if (m.find()) {
        long t = LocalDateTime.parse(YEAR + " " + m.group(1).replaceAll(" +", " "), SYSLOG)
            .toInstant(ZoneOffset.UTC).toEpochMilli();
        int times = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
        String pid = m.group(2);
        String source = m.group(5);
        if (m.group(4).equals("Invalid user")) {
          announced.put(pid, source);
        } else if (m.group(4).endsWith("invalid user") && source.equals(announced.remove(pid))) {
          times--;
        }
        for (int i = 0; i < times; i++) {
          out.computeIfAbsent(source, k -> new ArrayList<>()).add(t);
        }
      }
    }
    return out;
  }

  /**
   * The naive rule: a source is an attacker in a run of its failures (each less than a window after the previous)
   * holding {@code threshold} failures within one window; returns per attacking run {first, last}.
   */
  static List<long[]> attackingRuns(List<Long> times, int threshold, long window) {
    List<long[]> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= times.size(); i++) {
      if (i == times.size() || times.get(i) - times.get(i - 1) >= window) {
        for (int j = start; j + threshold - 1 < i; j++) {
          if (times.get(j + threshold - 1) - times.get(j) < window) {
            out.add(new long[] {times.get(start), times.get(i - 1)});
            break;
          }
        }
        start = i;
      }
    }
    return out;
  }

  @Test
  void aTenMinuteSshBruteForceIsReportedWithItsRealStartAndEndAndItsStoredVersionSaysItEnded() throws IOException {
    DetectorConfig config = DetectorConfig.defaults();
    Run run = Run.of(config);
    run.read("loghub-OpenSSH_2k.log", new SshAuthLogDecoder(YEAR));

    // Independently: the sources over the threshold, each with its attacking runs. The ten-minute attack is
    // 183.62.140.253's: its first failure is at 10:54:27, its last at 11:04:43 (grep 183.62.140.253 | sed -n '1p;$p').
    Map<String, List<Long>> failures = failuresBySource(resource("loghub-OpenSSH_2k.log"));
    Map<String, List<long[]>> attackers = new TreeMap<>();
    failures.forEach((source, times) -> {
      List<long[]> runs = attackingRuns(times, config.bruteForceThreshold(), config.bruteForceWindowMillis());
      if (!runs.isEmpty()) {
        attackers.put(source, runs);
      }
    });
    long[] big = attackers.get("183.62.140.253").get(0);
    assertThat(big[1] - big[0]).as("the attack in the file lasts ten minutes").isEqualTo(616_000);
    // The attack it belongs to ends at the last failure of any attacking run overlapping it (one attack per target).
    long end = big[1];
    for (List<long[]> runs : attackers.values()) {
      for (long[] r : runs) {
        if (r[0] <= end + config.bruteForceWindowMillis() && r[1] >= big[0]) {
          end = Math.max(end, r[1]);
        }
      }
    }

    List<Attack> attacks = run.sensor().attacks();
    assertThat(attacks).allMatch(a -> a.kind() == Attack.Kind.BRUTE_FORCE && a.target().equals("LabSZ"));
    assertThat(attacks).as("no attack stays ongoing once the input ended").noneMatch(Attack::ongoing);
    Attack tenMinutes = attacks.stream()
        .filter(a -> a.topSources().stream().anyMatch(s -> s.address().equals("183.62.140.253")))
        .findFirst().orElseThrow();
    assertThat(tenMinutes.startMillis()).isEqualTo(big[0]);
    assertThat(tenMinutes.endMillis()).isEqualTo(end);
    assertThat(tenMinutes.endMillis() - tenMinutes.startMillis()).isGreaterThanOrEqualTo(616_000);
    // Every source the detector named is an attacker by the naive rule, and every attacker is named.
    Set<String> named = attacks.stream().flatMap(a -> a.topSources().stream()).map(Attack.Source::address)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(named).isEqualTo(attackers.keySet());

    // The stored version of each incident (its latest modified) says it ended, with the real end.
    Map<String, ObjectNode> incidents = run.stored("incident");
    assertThat(incidents).hasSize(attacks.size());
    for (ObjectNode incident : incidents.values()) {
      assertThat(incident.findValue("ongoing").asBoolean()).as("stored version of %s", incident.get("name"))
          .isFalse();
    }
    String start = time(tenMinutes.startMillis());
    ObjectNode incident = incidents.values().stream()
        .filter(i -> i.findValue("start").asText().equals(start)).findFirst().orElseThrow();
    assertThat(incident.findValue("end").asText()).isEqualTo(time(end));
    assertThat(incident.get("description").asText())
        .contains("from " + start + " to " + time(end) + " (" + (end - big[0]) / 1000 + " s)");
    ObjectNode observed = run.stored("observed-data").values().stream()
        .filter(o -> o.get("first_observed").asText().equals(start)).findFirst().orElseThrow();
    assertThat(observed.get("last_observed").asText()).isEqualTo(time(end));
    // Each version of the incident has its own modified: the final one is never hidden behind an ongoing one.
    List<String> versions = run.objects().stream()
        .filter(o -> o.get("id").equals(incident.get("id"))).map(o -> o.get("modified").asText())
        .sorted(Comparator.reverseOrder()).toList();
    assertThat(versions.get(0)).isEqualTo(incident.get("modified").asText());
    assertThat(versions.stream().filter(v -> v.equals(versions.get(0)))).hasSize(1);
  }

  /** STIX timestamps as the sensor writes them (millisecond precision). */
  static String time(long millis) {
    return Timestamps.format(Instant.ofEpochMilli(millis), 3);
  }
}
