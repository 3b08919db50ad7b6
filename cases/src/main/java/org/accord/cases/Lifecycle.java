package org.accord.cases;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The lifecycle of a mutual-assistance request: which transition each party may make from each state.
 *
 * <p>Design note. The lifecycle is draft → sent → received → acknowledged → in progress → (preserved) →
 * answered (partial | full) | declined → closed, with an extension (requested → granted | refused) beside it. Each
 * transition is made by one party's node, so each has exactly one role:
 *
 * <pre>
 * transition         by         from                                                      to
 * send               requester  draft                                                     sent
 * receive            requested  sent                                                      received   (clocks start)
 * acknowledge        requested  received                                                  acknowledged
 * start              requested  acknowledged                                              in-progress
 * preserve           requested  acknowledged, in-progress                                 preserved
 * answer-partial     requested  received, acknowledged, in-progress, preserved,
 *                               answered-partial                                          answered-partial
 * answer-full        requested  the same                                                  answered-full
 * decline (grounds)  requested  received, acknowledged, in-progress, preserved           declined
 * close              requester  answered-partial, answered-full, declined                 closed
 * withdraw           requester  draft, sent, received, acknowledged, in-progress, preserved  closed
 * request-extension  requested  acknowledged, in-progress, preserved; extension none      extension requested
 * grant-extension    requester  the same states; extension requested                      extension granted
 * refuse-extension   requester  the same states; extension requested                      extension refused
 * </pre>
 *
 * Choices an investigator expects and the issue leaves open: an answer or a refusal may come straight after receipt
 * (it acknowledges too, as an emergency answer within 8 h must); a partial answer may be followed by more partial
 * answers and a full one; the requester may withdraw a request until it is answered or declined, and closes it once
 * it is; an extension is asked for at most once (an obligation grants one), and only while the request is being
 * worked on. Closed is final. Everything else is refused with an {@link IllegalTransitionException} whose message
 * says what is allowed now, and by whom.
 */
public final class Lifecycle {
  private Lifecycle() {}

  /** A transition and the role that makes it. */
  public record Move(Transition transition, Role role) {}

  /** Whether {@code role} may make {@code transition} from {@code state}. */
  public static boolean allows(CaseState state, Transition transition, Role role) {
    return transition.by() == role && transition.fits(state);
  }

  /** Every move allowed from {@code state}, in the order of {@link Transition}. */
  public static List<Move> allowed(CaseState state) {
    List<Move> out = new ArrayList<>();
    for (Transition t : Transition.values()) {
      if (t.fits(state)) {
        out.add(new Move(t, t.by()));
      }
    }
    return out;
  }

  /** The state after {@code transition}; {@code state} must allow it (see {@link #allows}). */
  public static CaseState after(CaseState state, Transition transition) {
    return new CaseState(
        transition.to() == null ? state.state() : transition.to(),
        transition.extensionTo() == null ? state.extension() : transition.extensionTo());
  }

  /**
   * The state after {@code party} makes {@code transition} on {@code request}, which is in {@code state}.
   *
   * @throws IllegalTransitionException when the party is not on the request, the request is closed, the transition
   *     is out of order or the party's role does not make it; the message says what is allowed now, by whom
   */
  public static CaseState next(AssistanceRequest request, CaseState state, Transition transition, String party) {
    Objects.requireNonNull(transition, "transition");
    String what = "cannot " + transition.wire() + " request " + request.id();
    Role role = request.roleOf(party);
    if (role == null) {
      throw new IllegalTransitionException(
          what + ": party '" + party + "' is not on it (requester " + request.requester() + ", requested party "
              + request.requested() + ")");
    }
    if (state.state() == State.CLOSED) {
      throw new IllegalTransitionException(what + ": it is closed, and nothing more happens to a closed request");
    }
    if (transition.fits(state) && transition.by() != role) {
      throw new IllegalTransitionException(
          what + " as " + party + ": only the " + transition.by().text() + " (" + request.party(transition.by())
              + ") may; allowed now: " + allowedText(request, state));
    }
    if (!transition.fits(state)) {
      throw new IllegalTransitionException(what + ": " + why(state, transition) + "; allowed now: "
          + allowedText(request, state));
    }
    return after(state, transition);
  }

  private static String why(CaseState state, Transition transition) {
    if (transition.extensionFrom() != null && transition.from().contains(state.state())) {
      return switch (state.extension()) {
        case NONE -> "no extension was requested";
        case REQUESTED -> "an extension is already requested";
        case GRANTED, REFUSED -> "its one extension was already " + state.extension().wire();
      };
    }
    return "it is " + state;
  }

  /** The moves allowed now, grouped by party: "acknowledge, decline (by us, the requested party); withdraw (...)". */
  static String allowedText(AssistanceRequest request, CaseState state) {
    List<String> groups = new ArrayList<>();
    for (Role r : Role.values()) {
      String moves =
          allowed(state).stream()
              .filter(m -> m.role() == r)
              .map(m -> m.transition().wire())
              .collect(Collectors.joining(", "));
      if (!moves.isEmpty()) {
        groups.add(moves + " (by " + request.party(r) + ", the " + r.text() + ")");
      }
    }
    return groups.isEmpty() ? "nothing" : String.join("; ", groups);
  }
}
