package org.accord.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.accord.stix.StixJson;
import org.accord.store.Origin;
import org.junit.jupiter.api.Test;

class WireChainTest {
  private static final List<Origin.Hop> CHAIN =
      List.of(new Origin.Hop("cn", "us", "A1.S1"), new Origin.Hop("us", "fr", "A1.S1.F1"));

  private static ObjectNode object(String chain) throws Exception {
    ObjectNode o = (ObjectNode) StixJson.mapper().readTree("{\"type\":\"indicator\",\"id\":\"indicator--x\"}");
    if (chain != null) {
      o.set(WireChain.PROPERTY, StixJson.mapper().readTree(chain));
    }
    return o;
  }

  @Test
  void anAttachedChainIsTakenOutWholeAndTheObjectIsLeftAsItWas() throws Exception {
    ObjectNode o = WireChain.attach(object(null), CHAIN);

    WireChain.Claim claim = WireChain.take(o, "fr");

    assertThat(claim.malformed()).isFalse();
    assertThat(claim.hops()).isEqualTo(CHAIN);
    assertThat(o).isEqualTo(object(null));
  }

  @Test
  void anObjectWithoutAChainClaimsNone() throws Exception {
    assertThat(WireChain.take(object(null), "us")).isEqualTo(WireChain.Claim.NONE);
  }

  @Test
  void aMalformedChainIsNamedPreciselyAndStillTakenOut() throws Exception {
    ObjectNode o = object("{\"hops\":[{\"from\":\"cn\",\"to\":\"us\",\"clause\":\"A1.S1\"},"
        + "{\"from\":\"us\",\"to\":\"cn\",\"clause\":\"x\"}]}");

    WireChain.Claim claim = WireChain.take(o, "cn");

    assertThat(claim.problem()).isEqualTo("hop 2 arrives at cn, which is already on the chain");
    assertThat(o.has(WireChain.PROPERTY)).isFalse();
    assertThat(WireChain.take(object("{\"hops\":[{\"from\":\"cn\",\"to\":\"us\",\"clause\":7}]}"), "us").problem())
        .isEqualTo("hop 1: 'clause' must be a string");
    assertThat(WireChain.take(object("{\"hops\":[{\"from\":\" cn\",\"to\":\"us\",\"clause\":\"\"}]}"), "us")
        .problem()).contains("'from' must be a non-blank id");
    assertThat(WireChain.take(object("{\"hops\":[],\"x\":1}"), "us").problem()).isEqualTo("unknown member 'x'");
    StringBuilder long17 = new StringBuilder("{\"hops\":[");
    for (int i = 0; i < 17; i++) {
      long17.append(i == 0 ? "" : ",").append("{\"from\":\"p").append(i).append("\",\"to\":\"p").append(i + 1)
          .append("\",\"clause\":\"c\"}");
    }
    assertThat(WireChain.take(object(long17 + "]}"), "p17").problem())
        .isEqualTo("a chain has at most 16 hops, this one 17");
  }

  @Test
  void theLedgerReadsTheChainFromTheWireCopyAndRendersEachHopWithItsClause() throws Exception {
    ObjectNode o = WireChain.attach(object(null), CHAIN);

    assertThat(TransferListener.VersionRef.of(o).chain()).isEqualTo(CHAIN);
    assertThat(WireChain.render(CHAIN)).isEqualTo("cn → us by A1.S1 → fr by A1.S1.F1");
    assertThat(WireChain.render(List.of(new Origin.Hop("cn", "us", ""))))
        .isEqualTo("cn → us (clause not recorded)");
    assertThat(WireChain.peek(object("\"garbage\""))).isEmpty();
  }
}
