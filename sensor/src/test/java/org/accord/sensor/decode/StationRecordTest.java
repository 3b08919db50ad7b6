package org.accord.sensor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A wireless controller's records name only the client station (Cisco WLC, staIPv4Address IE 366): the station is
 * the source of an ingress record and the destination of an egress one (issue 9, finding 2: they were 0.0.0.0 to
 * 0.0.0.0 with real byte counts). The export is logstash-codec-netflow's test capture (src/test/resources/netflow9),
 * read as the raw NetFlow v9 datagrams it is, and checked against what tshark decodes of the same datagrams.
 */
class StationRecordTest {
  static Path resource(String name) throws URISyntaxException {
    return Path.of(StationRecordTest.class.getResource("/netflow9/" + name).toURI());
  }

  @Test
  void aWirelessControllersRecordsGiveTheStationAtTheEndTheirDirectionNames() throws Exception {
    List<String> flows = new ArrayList<>();

    FlowFiles.Result r = FlowFiles.read(resource("logstash-cisco-wlc.nf9"), x -> flows.add(PacketCaptureTest.line(x)),
        FlowFiles.Progress.NONE);

    assertThat(r.format()).isEqualTo(FlowFiles.Format.NETFLOW_V9);
    assertThat(flows).containsExactlyElementsOf(Files.readAllLines(resource("logstash-cisco-wlc.tshark.csv")));
    // logstash's own test names the last record: egress to 192.168.20.121, 80,973,880 bytes in 53,362 packets
    assertThat(flows.get(18)).isEqualTo("0.0.0.0,192.168.20.121,0,0,0,80973880,53362");
    assertThat(r.flows().noAddress()).isZero();
    assertThat(r.flows().errors()).isZero();
  }
}
