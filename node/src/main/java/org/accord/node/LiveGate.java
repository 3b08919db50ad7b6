package org.accord.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import org.accord.rules.Rulebook;
import org.accord.store.Admission;
import org.accord.store.CollectionInfo;
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

  LiveGate(NodeGate initial) {
    this.current = Objects.requireNonNull(initial, "initial");
  }

  NodeGate current() {
    return current;
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

  @Override
  public Admission admit(Principal principal, String collectionId, ObjectNode object) {
    return current.admit(principal, collectionId, object);
  }

  @Override
  public Admission admit(String party, ObjectNode object) {
    return current.admit(party, object);
  }
}
