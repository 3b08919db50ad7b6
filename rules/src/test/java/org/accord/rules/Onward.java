package org.accord.rules;

import java.util.List;
import org.accord.stix.StixObject;
import org.accord.stix.Tlp;

/**
 * The onward-sharing test rulebook: cn sends to us by A1.S1, whose grants let holders pass cn's GREEN on to the eu
 * group (fr, de) for two passings-on in all (A1.S1.F1), and CLEAR or GREEN to jp and the asean group (sg) once
 * (A1.S1.F2); us may also forward cn's objects to fr by its own clause A1.S2 (the way before grants). A1.S1 ends
 * 2027-01-01.
 */
final class Onward {
  static final List<String> PARTIES = List.of("cn", "us", "fr", "de", "jp", "sg");

  static final String GRANTS =
      """
              onward:
                - id: A1.S1.F1          # cn's GREEN may go on to the eu group, twice in all
                  to: [group:eu]
                  tlp: [green]
                  hops: 2
                - id: A1.S1.F2
                  to: [jp, group:asean]
      """;

  private Onward() {}

  /** The rulebook, with {@code grants} as A1.S1's onward section ("" for none). */
  static String rest(String grants) {
    return """
        groups:
          eu: [fr, de]
          asean: [sg]
        agreements:
          - id: A1
            title: Joint response
            parties: [cn, us, group:eu]
            clauses:
              - id: A1.S1
                kind: share
                from: [cn]
                to: [us]
                what: { types: [indicator], tlp: [green, amber] }
                purpose: incident-response
                until: 2027-01-01T00:00:00.000Z
        """ + grants + """
              - id: A1.S2
                kind: share
                from: [us]
                to: [fr]
                what: { types: [indicator], tlp: [green, amber], originators: [cn] }
                purpose: early-warning
        """;
  }

  static Rulebook rulebook() {
    return Multilateral.parse(1, 0, PARTIES, rest(GRANTS));
  }

  static Rulebook withGrants(String grants) {
    return Multilateral.parse(1, 0, PARTIES, rest(grants));
  }

  static StixObject byCn(Tlp tlp) {
    return Fixtures.marked(Fixtures.indicator(Multilateral.identity("cn")), tlp);
  }

  static Provenance.Hop hop(String from, String to, String clause) {
    return new Provenance.Hop(from, to, clause);
  }

  /** Received from cn under A1 along {@code hops}. */
  static Provenance chain(Provenance.Hop... hops) {
    return Provenance.received("cn", "A1", List.of(hops));
  }
}
