package org.accord.cases;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.accord.stix.Tlp;

/**
 * A mutual-assistance request from one party to another: what is asked, on what legal basis, about which facts and
 * STIX objects, how urgently, under which confidentiality marking. Immutable: what happens to it afterwards is its
 * lifecycle ({@link Lifecycle}), recorded transition by transition.
 *
 * <p>Validated whole in the constructor, with a message that names the field ({@code data_sought: ...}), so that
 * nothing invalid is ever stored or sent. The rules an investigator expects: requester and requested differ; a
 * request that asks for data held by someone (subscriber information, preservation, production, emergency disclosure)
 * names the custodian or the location of the data; an emergency disclosure is urgent by definition (Second Protocol
 * art. 9–10); the STIX objects it concerns are named by id only (the gate decides later whether each may go along).
 *
 * @param id {@code assistance-request--<uuid>}
 * @param kind what is asked
 * @param requester the requesting party's id (rulebook party)
 * @param requested the requested party's id
 * @param legalBasis the rulebook clause and treaty article it rests on
 * @param offence the offence under investigation, in a line (e.g. "unauthorised access to a power grid's SCADA")
 * @param facts the facts, as the requested party needs them to act
 * @param dataSought what is asked for, one item a line (e.g. "NetFlow of 203.0.113.7, 1-3 March")
 * @param custodian who holds the data (a provider, an operator), or null
 * @param location where the data or infrastructure is (an address, a host, a data centre), or null
 * @param urgency emergency or normal
 * @param sector the critical-infrastructure sector concerned, or null
 * @param objectIds the STIX objects it concerns (incident, indicators, sightings), by id
 * @param tlp the requester's confidentiality marking of the request itself
 * @param created when the requester created it
 */
public record AssistanceRequest(
    String id,
    RequestKind kind,
    String requester,
    String requested,
    LegalBasis legalBasis,
    String offence,
    String facts,
    List<String> dataSought,
    String custodian,
    String location,
    Urgency urgency,
    String sector,
    List<String> objectIds,
    Tlp tlp,
    Instant created) {

  /** The STIX-style type of a request's id. */
  public static final String TYPE = "assistance-request";

  static final Pattern ID =
      Pattern.compile(TYPE + "--[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  static final Pattern PARTY = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  static final Pattern SECTOR = Pattern.compile("[a-z0-9][a-z0-9+._-]{0,63}");
  /** A STIX identifier (STIX 2.1 §2.7): type, "--", an RFC 4122 UUID. */
  static final Pattern STIX_ID =
      Pattern.compile(
          "[a-z0-9](?:[a-z0-9]|-(?!-)){1,248}[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}"
              + "-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}");

  static final int MAX_OFFENCE = 500;
  static final int MAX_FACTS = 20_000;
  static final int MAX_ITEM = 1_000;
  static final int MAX_ITEMS = 100;
  static final int MAX_OBJECTS = 1_000;

  public AssistanceRequest {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new CaseException("id: '" + id + "' is not " + TYPE + "--<lowercase RFC 4122 UUID>");
    }
    String at = "request " + id + ": ";
    require(kind != null, at + "kind: one of subscriber-info, preservation, production, takedown,"
        + " investigative-assistance, emergency-disclosure");
    require(requester != null && PARTY.matcher(requester).matches(), at + "requester: a party id of the rulebook");
    require(requested != null && PARTY.matcher(requested).matches(), at + "requested: a party id of the rulebook");
    require(!requester.equals(requested), at + "requester and requested are the same party ('" + requester + "')");
    require(legalBasis != null, at + "legal_basis: name the rulebook clause the request rests on");
    text(at + "offence", offence, MAX_OFFENCE);
    text(at + "facts", facts, MAX_FACTS);
    dataSought = List.copyOf(Objects.requireNonNull(dataSought, "data_sought"));
    require(!dataSought.isEmpty() && dataSought.size() <= MAX_ITEMS,
        at + "data_sought: say what is asked for, 1 to " + MAX_ITEMS + " items");
    for (int i = 0; i < dataSought.size(); i++) {
      text(at + "data_sought[" + i + "]", dataSought.get(i), MAX_ITEM);
    }
    optionalText(at + "custodian", custodian, MAX_ITEM);
    optionalText(at + "location", location, MAX_ITEM);
    if (custodian == null && location == null && heldData(kind)) {
      throw new CaseException(
          at + "a " + kind.wire() + " request names the custodian or the location of the data (or both)");
    }
    require(urgency != null, at + "urgency: emergency or normal");
    if (kind == RequestKind.EMERGENCY_DISCLOSURE && urgency != Urgency.EMERGENCY) {
      throw new CaseException(at + "an emergency-disclosure request has urgency emergency (Second Protocol art. 9)");
    }
    require(sector == null || SECTOR.matcher(sector).matches(),
        at + "sector: a lowercase word (finance, energy, ...), not '" + sector + "'");
    objectIds = List.copyOf(Objects.requireNonNull(objectIds, "objects"));
    require(objectIds.size() <= MAX_OBJECTS, at + "objects: at most " + MAX_OBJECTS + " ids");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < objectIds.size(); i++) {
      String o = objectIds.get(i);
      require(o != null && STIX_ID.matcher(o).matches(), at + "objects[" + i + "]: '" + o
          + "' is not a STIX identifier (type--UUID, STIX 2.1 §2.7)");
      require(seen.add(o), at + "objects[" + i + "]: '" + o + "' is named twice");
    }
    require(tlp != null, at + "tlp: the requester's marking (clear, green, amber, amber+strict, red)");
    require(created != null, at + "created: when the request was created");
  }

  /** Kinds that ask for data a custodian holds. */
  private static boolean heldData(RequestKind kind) {
    return kind == RequestKind.SUBSCRIBER_INFO
        || kind == RequestKind.PRESERVATION
        || kind == RequestKind.PRODUCTION
        || kind == RequestKind.EMERGENCY_DISCLOSURE;
  }

  /** The party's role on this request, or null when it is not on it. */
  public Role roleOf(String party) {
    if (requester.equals(party)) {
      return Role.REQUESTER;
    }
    return requested.equals(party) ? Role.REQUESTED : null;
  }

  /** The party that holds {@code role} on this request. */
  public String party(Role role) {
    return role == Role.REQUESTER ? requester : requested;
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new CaseException(message);
    }
  }

  private static void text(String field, String value, int max) {
    require(value != null && !value.isBlank() && value.length() <= max,
        field + ": write 1 to " + max + " characters");
  }

  private static void optionalText(String field, String value, int max) {
    require(value == null || (!value.isBlank() && value.length() <= max),
        field + ": leave it out or write 1 to " + max + " characters");
  }
}
