package org.accord.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;

/**
 * The lifecycle against an oracle written apart from the code: the table, row by row, as text. Every (state,
 * extension, transition, party) quadruple is tried (exhaustive generation: 10 × 4 × 13 × 3 = 1,560), then random walks
 * check the invariants over whole lifecycles.
 */
class LifecycleProperties {
  static final AssistanceRequest REQUEST = CaseFixtures.preservation();
  static final String OUTSIDER = "eu";

  /**
   * The oracle: "from-states extension transition role to-state new-extension"; "*" is any extension, "=" keeps the
   * state or the extension. Written from the lifecycle and Lifecycle's design note, not from Transition.
   */
  static final List<String> TABLE =
      List.of(
          "draft * send requester sent =",
          "sent * receive requested received =",
          "received * acknowledge requested acknowledged =",
          "acknowledged * start requested in-progress =",
          "acknowledged,in-progress * preserve requested preserved =",
          "received,acknowledged,in-progress,preserved,answered-partial * answer-partial requested answered-partial =",
          "received,acknowledged,in-progress,preserved,answered-partial * answer-full requested answered-full =",
          "received,acknowledged,in-progress,preserved * decline requested declined =",
          "answered-partial,answered-full,declined * close requester closed =",
          "draft,sent,received,acknowledged,in-progress,preserved * withdraw requester closed =",
          "acknowledged,in-progress,preserved none request-extension requested = requested",
          "acknowledged,in-progress,preserved requested grant-extension requester = granted",
          "acknowledged,in-progress,preserved requested refuse-extension requester = refused");

  /** (state, extension, transition, role) → the state after, for the legal ones only. */
  static final Map<String, CaseState> LEGAL = new HashMap<>();

  static {
    for (String row : TABLE) {
      String[] f = row.split(" ");
      for (String from : f[0].split(",")) {
        for (Extension e : Extension.values()) {
          if (!f[1].equals("*") && !f[1].equals(e.wire())) {
            continue;
          }
          State s = State.fromWire(from).orElseThrow();
          State to = f[4].equals("=") ? s : State.fromWire(f[4]).orElseThrow();
          Extension toE = f[5].equals("=") ? e : Extension.fromWire(f[5]).orElseThrow();
          LEGAL.put(key(s, e, f[2], f[3]), new CaseState(to, toE));
        }
      }
    }
  }

  static String key(State s, Extension e, String transition, String role) {
    return s.wire() + "/" + e.wire() + "/" + transition + "/" + role;
  }

  static String role(String party) {
    return party.equals("cn") ? "requester" : party.equals("us") ? "requested" : "outsider";
  }

  @Provide
  Arbitrary<String> parties() {
    return Arbitraries.of("cn", "us", OUTSIDER);
  }

  static final Set<String> TRIED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  @net.jqwik.api.lifecycle.AfterContainer
  static void everyQuadrupleWasTried() {
    int all = State.values().length * Extension.values().length * Transition.values().length * 3;
    assertThat(TRIED).hasSize(all);
  }

  @Property(generation = GenerationMode.EXHAUSTIVE, tries = 2000)
  void everyMoveIsAllowedExactlyAsTheTableSays(
      @ForAll State s, @ForAll Extension e, @ForAll Transition t, @ForAll("parties") String party) {
    TRIED.add(key(s, e, t.wire(), party));
    CaseState before = new CaseState(s, e);
    CaseState expected = LEGAL.get(key(s, e, t.wire(), role(party)));
    if (expected != null) {
      assertThat(Lifecycle.next(REQUEST, before, t, party)).isEqualTo(expected);
      assertThat(Lifecycle.allows(before, t, party.equals("cn") ? Role.REQUESTER : Role.REQUESTED)).isTrue();
      return;
    }
    Throwable thrown = catchThrowable(() -> Lifecycle.next(REQUEST, before, t, party));
    assertThat(thrown).isInstanceOf(IllegalTransitionException.class);
    String message = thrown.getMessage();
    assertThat(message).startsWith("cannot " + t.wire() + " request " + REQUEST.id());
    if (party.equals(OUTSIDER)) {
      assertThat(message).endsWith(": party 'eu' is not on it (requester cn, requested party us)");
    } else if (s == State.CLOSED) {
      assertThat(message).endsWith(": it is closed, and nothing more happens to a closed request");
    } else {
      assertThat(message).endsWith("; allowed now: " + allowedNow(before));
      if (LEGAL.containsKey(key(s, e, t.wire(), party.equals("cn") ? "requested" : "requester"))) {
        String other = party.equals("cn") ? "requested party (us)" : "requester (cn)";
        assertThat(message).contains(" as " + party + ": only the " + other + " may");
      } else if (t.wire().endsWith("-extension") && Set.of("acknowledged", "in-progress", "preserved")
          .contains(s.wire())) {
        String why =
            switch (e) {
              case NONE -> "no extension was requested";
              case REQUESTED -> "an extension is already requested";
              default -> "its one extension was already " + e.wire();
            };
        assertThat(message).contains(": " + why + "; allowed now");
      } else {
        assertThat(message).contains(": it is " + s.wire()).doesNotContain(" may;");
      }
    }
  }

  /** The moves the oracle allows from {@code state}, as the messages list them: by the requester, then the other. */
  static String allowedNow(CaseState state) {
    List<String> groups = new ArrayList<>();
    for (String[] r : new String[][] {{"requester", "cn", "requester"}, {"requested", "us", "requested party"}}) {
      List<String> moves = new ArrayList<>();
      for (Transition t : Transition.values()) {
        if (LEGAL.containsKey(key(state.state(), state.extension(), t.wire(), r[0]))) {
          moves.add(t.wire());
        }
      }
      if (!moves.isEmpty()) {
        groups.add(String.join(", ", moves) + " (by " + r[1] + ", the " + r[2] + ")");
      }
    }
    return groups.isEmpty() ? "nothing" : String.join("; ", groups);
  }

  @Provide
  Arbitrary<List<Tuple.Tuple2<Transition, String>>> walks() {
    Arbitrary<Tuple.Tuple2<Transition, String>> attempt =
        Combinators.combine(Arbitraries.of(Transition.class), parties()).as(Tuple::of);
    return attempt.list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 2000)
  void randomWalksKeepTheInvariants(@ForAll("walks") List<Tuple.Tuple2<Transition, String>> attempts) {
    CaseState state = CaseState.DRAFT;
    boolean closed = false;
    int extensionsAsked = 0;
    for (Tuple.Tuple2<Transition, String> a : attempts) {
      Transition t = a.get1();
      String party = a.get2();
      CaseState before = state;
      try {
        state = Lifecycle.next(REQUEST, state, t, party);
      } catch (IllegalTransitionException refused) {
        assertThat(LEGAL).doesNotContainKey(key(before.state(), before.extension(), t.wire(), role(party)));
        continue;
      }
      // closed is final
      assertThat(closed).as("a move after closing: " + t).isFalse();
      closed = state.state() == State.CLOSED;
      // the requested party receives, acknowledges, works, answers, declines and asks for time; the requester sends,
      // closes, withdraws and decides on extensions; nobody else does anything
      Set<Transition> byRequested =
          Set.of(Transition.RECEIVE, Transition.ACKNOWLEDGE, Transition.START, Transition.PRESERVE,
              Transition.ANSWER_PARTIAL, Transition.ANSWER_FULL, Transition.DECLINE, Transition.REQUEST_EXTENSION);
      assertThat(party).isEqualTo(byRequested.contains(t) ? "us" : "cn");
      // one extension at most, and a decision only on one that was asked
      if (t == Transition.REQUEST_EXTENSION) {
        extensionsAsked++;
      }
      assertThat(extensionsAsked).isLessThanOrEqualTo(1);
      if (t == Transition.GRANT_EXTENSION || t == Transition.REFUSE_EXTENSION) {
        assertThat(before.extension()).isEqualTo(Extension.REQUESTED);
      }
      // an answered or declined request never goes back to work
      if (before.state() == State.ANSWERED_FULL || before.state() == State.DECLINED) {
        assertThat(state.state()).isIn(before.state(), State.CLOSED);
      }
      assertThat(state).isEqualTo(LEGAL.get(key(before.state(), before.extension(), t.wire(), role(party))));
    }
  }

  @Property(tries = 200)
  void theHappyPathOfTheDemoIsLegal(
      @ForAll @Size(max = 3) List<@net.jqwik.api.constraints.IntRange(max = 1) Integer> partials) {
    CaseState s = CaseState.DRAFT;
    s = Lifecycle.next(REQUEST, s, Transition.SEND, "cn");
    s = Lifecycle.next(REQUEST, s, Transition.RECEIVE, "us");
    s = Lifecycle.next(REQUEST, s, Transition.ACKNOWLEDGE, "us");
    s = Lifecycle.next(REQUEST, s, Transition.START, "us");
    s = Lifecycle.next(REQUEST, s, Transition.PRESERVE, "us");
    for (int ignored : partials) {
      s = Lifecycle.next(REQUEST, s, Transition.ANSWER_PARTIAL, "us");
    }
    s = Lifecycle.next(REQUEST, s, Transition.ANSWER_FULL, "us");
    s = Lifecycle.next(REQUEST, s, Transition.CLOSE, "cn");
    assertThat(s.state()).isEqualTo(State.CLOSED);
    CaseState closed = s;
    assertThatThrownBy(() -> Lifecycle.next(REQUEST, closed, Transition.WITHDRAW, "cn"))
        .hasMessageEndingWith("nothing more happens to a closed request");
  }
}
