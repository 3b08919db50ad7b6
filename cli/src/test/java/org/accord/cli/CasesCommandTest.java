package org.accord.cli;

import static org.accord.cli.CliTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.accord.node.Node;
import org.accord.node.NodeConfigReader;
import org.accord.node.RunningNode;
import org.accord.stix.StixJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code accord cases}: new, list, show, transition (refusals exit 1 with what is allowed now), stats. */
class CasesCommandTest {
  @TempDir Path dir;

  private String config() throws Exception {
    Path yaml = dir.resolve("accord.yaml");
    Files.writeString(yaml, "name: cn-node\nparty: cn\nport: 0\ndata_dir: " + dir.resolve("data") + "\n");
    return yaml.toString();
  }

  private static String created(CliTest.Run r) {
    assertThat(r.exit()).as(r.err()).isZero();
    return r.out().lines().findFirst().orElseThrow().strip();
  }

  @Test
  void aRequestIsCreatedListedShownAndMovedAndARefusedTransitionExits1WithWhatIsAllowedNow() throws Exception {
    String c = config();
    String id = created(run("cases", "new", "-c", c, "--kind", "preservation", "--to", "us", "--clause", "A1.O1",
        "--offence", "unauthorised access to a power grid", "--facts", "C2 at 203.0.113.7", "--data",
        "connection logs of 203.0.113.7", "--custodian", "Example Hosting Inc.", "--sector", "energy"));
    assertThat(id).startsWith("assistance-request--");

    CliTest.Run list = run("cases", "list", "-c", c, "--state", "draft");
    assertThat(list.exit()).isZero();
    assertThat(list.out()).contains(id).contains("preservation").contains("draft");
    assertThat(run("cases", "list", "-c", c, "--state", "sent").out()).doesNotContain(id);

    CliTest.Run refused = run("cases", "transition", "-c", c, id, "receive");
    assertThat(refused.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(refused.err()).contains("cannot receive request " + id).contains("allowed now: send, withdraw");

    CliTest.Run sent = run("cases", "transition", "-c", c, id, "send");
    assertThat(sent.exit()).as(sent.err()).isZero();
    assertThat(sent.out()).contains("state:       sent");

    CliTest.Run shown = run("cases", "show", "-c", c, id, "--json");
    assertThat(shown.exit()).isZero();
    JsonNode json = StixJson.mapper().readTree(shown.out());
    assertThat(json.get("state").asText()).isEqualTo("sent");
    assertThat(json.at("/transitions/0/party").asText()).isEqualTo("cn");

    CliTest.Run stats = run("cases", "stats", "-c", c, "--json");
    assertThat(stats.exit()).isZero();
    assertThat(StixJson.mapper().readTree(stats.out()).get("lines").isArray()).isTrue();
    assertThat(run("cases", "stats", "-c", c).out()).startsWith("PARTY");

    CliTest.Run unknown = run("cases", "show", "-c", c, "assistance-request--5b1f3a9e-2c8d-4f7a-b1e2-9c3d4e5f6a7b");
    assertThat(unknown.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(unknown.err()).contains("no request");
  }

  @Test
  void badInputIsRefusedByNameAndNothingIsStored() throws Exception {
    String c = config();
    CliTest.Run r = run("cases", "new", "-c", c, "--kind", "production", "--to", "us", "--clause", "A1.O1",
        "--offence", "o", "--facts", "f", "--data", "d");
    assertThat(r.exit()).isEqualTo(Main.INVALID_INPUT);
    assertThat(r.err()).contains("names the custodian or the location");
    assertThat(run("cases", "list", "-c", c).out().lines().count()).isEqualTo(1); // the header only
    assertThat(run("cases", "list", "-c", c, "--state", "open").exit()).isEqualTo(Main.USAGE);
  }

  @Test
  void whileTheNodeRunsChangesGoThroughItsRestApiAndReadingStillWorks() throws Exception {
    String c = config();
    String id = created(run("cases", "new", "-c", c, "--kind", "investigative-assistance", "--to", "us",
        "--clause", "A1.O1", "--offence", "o", "--facts", "f", "--data", "d"));
    try (RunningNode node = Node.start(NodeConfigReader.read(Path.of(c)))) {
      CliTest.Run r = run("cases", "transition", "-c", c, id, "send");
      assertThat(r.exit()).isEqualTo(Main.FAILURE);
      assertThat(r.err()).contains("make the change through its REST API");
      assertThat(run("cases", "list", "-c", c).out()).contains(id).contains("draft");
      assertThat(node.cases().find(id).orElseThrow().steps()).isEmpty();
    }
  }
}
