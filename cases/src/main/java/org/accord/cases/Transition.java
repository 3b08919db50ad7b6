package org.accord.cases;

import static org.accord.cases.State.ACKNOWLEDGED;
import static org.accord.cases.State.ANSWERED_FULL;
import static org.accord.cases.State.ANSWERED_PARTIAL;
import static org.accord.cases.State.DECLINED;
import static org.accord.cases.State.DRAFT;
import static org.accord.cases.State.IN_PROGRESS;
import static org.accord.cases.State.PRESERVED;
import static org.accord.cases.State.RECEIVED;
import static org.accord.cases.State.SENT;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A step of a request's lifecycle: who makes it, from which states, to which state. The table is {@link Lifecycle}'s
 * design note; this enum is that table.
 */
public enum Transition {
  SEND("send", Role.REQUESTER, State.SENT, null, null, DRAFT),
  RECEIVE("receive", Role.REQUESTED, State.RECEIVED, null, null, SENT),
  ACKNOWLEDGE("acknowledge", Role.REQUESTED, State.ACKNOWLEDGED, null, null, RECEIVED),
  START("start", Role.REQUESTED, State.IN_PROGRESS, null, null, ACKNOWLEDGED),
  PRESERVE("preserve", Role.REQUESTED, State.PRESERVED, null, null, ACKNOWLEDGED, IN_PROGRESS),
  ANSWER_PARTIAL(
      "answer-partial", Role.REQUESTED, State.ANSWERED_PARTIAL, null, null,
      RECEIVED, ACKNOWLEDGED, IN_PROGRESS, PRESERVED, ANSWERED_PARTIAL),
  ANSWER_FULL(
      "answer-full", Role.REQUESTED, State.ANSWERED_FULL, null, null,
      RECEIVED, ACKNOWLEDGED, IN_PROGRESS, PRESERVED, ANSWERED_PARTIAL),
  DECLINE("decline", Role.REQUESTED, State.DECLINED, null, null, RECEIVED, ACKNOWLEDGED, IN_PROGRESS, PRESERVED),
  CLOSE("close", Role.REQUESTER, State.CLOSED, null, null, ANSWERED_PARTIAL, ANSWERED_FULL, DECLINED),
  WITHDRAW(
      "withdraw", Role.REQUESTER, State.CLOSED, null, null,
      DRAFT, SENT, RECEIVED, ACKNOWLEDGED, IN_PROGRESS, PRESERVED),
  REQUEST_EXTENSION(
      "request-extension", Role.REQUESTED, null, Extension.NONE, Extension.REQUESTED,
      ACKNOWLEDGED, IN_PROGRESS, PRESERVED),
  GRANT_EXTENSION(
      "grant-extension", Role.REQUESTER, null, Extension.REQUESTED, Extension.GRANTED,
      ACKNOWLEDGED, IN_PROGRESS, PRESERVED),
  REFUSE_EXTENSION(
      "refuse-extension", Role.REQUESTER, null, Extension.REQUESTED, Extension.REFUSED,
      ACKNOWLEDGED, IN_PROGRESS, PRESERVED);

  private final String wire;
  private final Role by;
  private final State to;
  private final Extension extensionFrom;
  private final Extension extensionTo;
  private final Set<State> from;

  Transition(String wire, Role by, State to, Extension extensionFrom, Extension extensionTo, State... from) {
    this.wire = wire;
    this.by = by;
    this.to = to;
    this.extensionFrom = extensionFrom;
    this.extensionTo = extensionTo;
    this.from = EnumSet.copyOf(Arrays.asList(from));
  }

  public String wire() {
    return wire;
  }

  /** The role of the party that makes it. */
  public Role by() {
    return by;
  }

  /** The states it may be made from. */
  public Set<State> from() {
    return EnumSet.copyOf(from);
  }

  /** The state it leads to; null for the extension transitions, which leave the main state as it is. */
  public State to() {
    return to;
  }

  /** The extension state it needs (null: any); only the extension transitions need one. */
  public Extension extensionFrom() {
    return extensionFrom;
  }

  /** The extension state it leads to (null: unchanged). */
  public Extension extensionTo() {
    return extensionTo;
  }

  /** Whether it may be made from {@code s}, whoever makes it. */
  boolean fits(CaseState s) {
    return from.contains(s.state()) && (extensionFrom == null || extensionFrom == s.extension());
  }

  public static Optional<Transition> fromWire(String name) {
    return Arrays.stream(values()).filter(t -> t.wire.equals(name)).findFirst();
  }
}
