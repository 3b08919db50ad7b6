package org.accord.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.accord.rules.Rulebook;
import org.accord.stix.AccordExtension;
import org.accord.stix.Violation;
import org.accord.store.Admission;
import org.accord.store.CollectionInfo;
import org.accord.store.Origin;
import org.accord.store.StoredObject;
import org.accord.taxii.client.InboundCheck;
import org.accord.taxii.client.PushFilter;
import org.accord.taxii.server.AccessPolicy;
import org.accord.taxii.server.InboundFilter;
import org.accord.taxii.server.OutboundFilter;
import org.accord.taxii.server.Principal;
import org.accord.taxii.server.User;

/**
 * The running node's gate at every door, switched in one step when a new rulebook version is activated while the node
 * runs ({@link RulebookInbox}): each decision reads the current {@link NodeGate} once, so a request is decided wholly
 * under one version, and the next request under the new one.
 */
final class LiveGate implements OutboundFilter, PushFilter, AccessPolicy, InboundFilter, InboundCheck {
  private volatile NodeGate current;
  private volatile CaseExchange cases;

  LiveGate(NodeGate initial) {
    this.current = Objects.requireNonNull(initial, "initial");
  }

  NodeGate current() {
    return current;
  }

  /** Where admitted case objects from peers go (see {@link #admit}). */
  void cases(CaseExchange exchange) {
    this.cases = Objects.requireNonNull(exchange, "exchange");
  }

  void switchTo(NodeGate next) {
    current = Objects.requireNonNull(next, "next");
  }

  Optional<Rulebook> rulebook() {
    return current.rulebook();
  }

  @Override
  public Optional<StoredObject> release(Principal principal, String collectionId, StoredObject stored) {
    return current.release(principal, collectionId, stored);
  }

  @Override
  public Optional<StoredObject> release(String party, String localCollection, StoredObject stored) {
    return current.release(party, localCollection, stored);
  }

  @Override
  public Grant access(User user, CollectionInfo collection) {
    return current.access(user, collection);
  }

  /**
   * A peer's object as the gate admits it; a request or transition the gate admits is then applied to this node's
   * cases, and stored only when that succeeds ({@link CaseExchange}). This node's own users make requests and
   * transitions through {@code /api/cases/}, which checks and signs them; they cannot post one as a STIX object.
   */
  @Override
  public Admission admit(Principal principal, String collectionId, ObjectNode object) {
    if (!principal.isPeer() && isCase(object)) {
      return Admission.refused(List.of(new Violation("$", CaseExchange.REFUSED, object.path("type").asText()
          + " objects are made through /api/cases/ (or accord cases), which checks and signs them")));
    }
    Admission a = current.admit(principal, collectionId, object);
    return principal.isPeer() ? applyCase(principal.party(), collectionId, object, a) : a;
  }

  /** A peer's passed-on object, its chain taken out by the TAXII server; cases are never passed on (Egress). */
  @Override
  public Admission admit(Principal principal, String collectionId, ObjectNode object, List<Origin.Hop> claimedHops) {
    if (claimedHops.isEmpty()) {
      return admit(principal, collectionId, object);
    }
    Admission a = current.admit(principal, collectionId, object, claimedHops);
    return principal.isPeer() ? applyCase(principal.party(), collectionId, object, a) : a;
  }

  @Override
  public Admission admit(String party, String localCollection, ObjectNode object, List<Origin.Hop> claimedHops) {
    return applyCase(party, localCollection, object, current.admit(party, localCollection, object, claimedHops));
  }

  @Override
  public Admission admit(String party, ObjectNode object) {
    return applyCase(party, null, object, current.admit(party, object));
  }

  @Override
  public Admission admit(String party, String localCollection, ObjectNode object) {
    return applyCase(party, localCollection, object, current.admit(party, object));
  }

  /**
   * A case object the gate admitted goes to the exchange; one it refused only because no rulebook is active yet is
   * held back there (a reason that passes: refused for good, it would leave a gap in the request's sequence).
   */
  private Admission applyCase(String party, String collectionId, ObjectNode object, Admission admitted) {
    if (!isCase(object)) {
      return admitted;
    }
    CaseExchange exchange = cases;
    if (!admitted.admitted()) {
      return exchange != null && CaseExchange.noRulebook(admitted)
          ? exchange.holdUntilARulebook(party, collectionId, object, admitted)
          : admitted;
    }
    if (exchange == null) {
      return Admission.refused(List.of(new Violation("$", CaseExchange.REFUSED, "this node takes no"
          + " mutual-assistance requests")));
    }
    return exchange.receive(party, collectionId, object, admitted);
  }

  private static boolean isCase(ObjectNode object) {
    return AccordExtension.isCaseType(object.path("type").asText());
  }
}
