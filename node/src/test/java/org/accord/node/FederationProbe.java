package org.accord.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.accord.stix.StixJson;
import org.accord.stix.StixObject;
import org.accord.stix.Validator;
import org.accord.store.Stores;
import org.accord.taxii.client.Credentials;
import org.accord.taxii.client.InboundCheck;
import org.accord.taxii.client.Peer;
import org.accord.taxii.client.PushFilter;
import org.accord.taxii.client.Puller;
import org.accord.taxii.client.Pusher;
import org.accord.taxii.client.TaxiiClient;
import org.accord.taxii.TransferListener;

/**
 * A rough throughput probe of federation between two in-process nodes over SQLite and loopback HTTP (not a JMH
 * benchmark, not run by the build).
 *
 * <p>Workload: node A holds {@code n} indicator versions (default 20,000) in {@code intel}; node B pulls them all
 * (pages of 50, the test node's {@code max_page_size}; STIX validation of each object on B), then pushes them from
 * its {@code intel} to A's {@code private} (pages of 500 local versions, envelopes under A's max_content_length, A
 * validates each object). Prints versions per second for each direction. One JVM, both nodes share its CPUs.
 *
 * <p>Run: as {@link LoadProbe}, with main class {@code org.accord.node.FederationProbe [n]}.
 */
public final class FederationProbe {
  private FederationProbe() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    try (TestNode a = TestNode.start();
        TestNode b = TestNode.start()) {
      seed(a, n);
      URI apiRoot = URI.create(a.baseUrl() + "/accord/");
      TaxiiClient client = TaxiiClient.create(new Credentials("alice", TestNode.PASSWORD));
      var state = Stores.federationState(b.node().store());

      long t0 = System.nanoTime();
      Puller.PullResult pulled =
          new Puller(b.node().store(), state, InboundCheck.stix(new Validator()), TransferListener.NONE, 50)
              .pull(client, "node-a", apiRoot, new Peer.CollectionLink(TestNode.INTEL, TestNode.INTEL));
      report("pull", pulled.added(), t0);

      long t1 = System.nanoTime();
      Pusher.PushResult pushed =
          new Pusher(b.node().store(), state, PushFilter.RELEASE_ALL, TransferListener.NONE, 500)
              .push(client, "node-a", apiRoot, new Peer.CollectionLink(TestNode.PRIVATE, TestNode.INTEL));
      report("push", pushed.sent(), t1);
    }
  }

  private static void report(String what, long versions, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf("%s: %d versions in %.2f s = %.0f versions/s%n", what, versions, seconds, versions / seconds);
  }

  private static void seed(TestNode node, int n) {
    List<StixObject> batch = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ObjectNode o = StixJson.mapper().createObjectNode();
      o.put("type", "indicator");
      o.put("spec_version", "2.1");
      o.put("id", "indicator--" + UUID.randomUUID());
      o.put("created", "2026-01-01T00:00:00.000Z");
      o.put("modified", "2026-01-01T00:00:00.000Z");
      o.put("name", "C2 address " + i);
      o.put("pattern", "[ipv4-addr:value = '198.51." + (i / 250 % 250) + "." + (i % 250) + "']");
      o.put("pattern_type", "stix");
      o.put("valid_from", "2026-01-01T00:00:00Z");
      batch.add(StixObject.adopt(o));
      if (batch.size() == 500) {
        node.node().store().add(TestNode.INTEL, batch);
        batch = new ArrayList<>();
      }
    }
    if (!batch.isEmpty()) {
      node.node().store().add(TestNode.INTEL, batch);
    }
  }
}
