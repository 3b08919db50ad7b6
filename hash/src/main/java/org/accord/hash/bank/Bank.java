package org.accord.hash.bank;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import org.accord.stix.AccordExtension;
import org.accord.stix.Tlp;

/**
 * A named list of hashes with its provenance: who owns it (the party whose identity created it), what content it
 * holds ({@code category}, e.g. {@code terrorist-propaganda}), how it may be shared (its TLP marking, which every
 * entry carries too), and where its hashes come from ({@code source}, free text such as "GIFCT hash-sharing
 * database, 2026-11 export"). Entries are separate objects ({@link BankEntry}) that name the bank, so that a bank of
 * a million hashes is not one object rewritten at every add.
 *
 * @param id {@value AccordExtension#BANK_TYPE}{@code --<uuid>}
 * @param owner the owner's STIX identity id ({@code created_by_ref})
 * @param description optional, may be null
 * @param source optional, may be null
 */
public record Bank(
    String id,
    String name,
    String owner,
    String category,
    Tlp tlp,
    String source,
    String description,
    Instant created,
    Instant modified) {
  /** Category names: lower-case words joined by hyphens, like STIX open vocabularies. */
  public static final Pattern CATEGORY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  static final Pattern ID = Pattern.compile(Pattern.quote(AccordExtension.BANK_TYPE)
      + "--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  static final Pattern IDENTITY =
      Pattern.compile("identity--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  public Bank {
    require(id != null && ID.matcher(id).matches(), "id: '" + id + "' is not " + AccordExtension.BANK_TYPE
        + "--<uuid>");
    require(name != null && !name.isBlank() && name.length() <= 200, "name: 1 to 200 characters, not blank");
    require(owner != null && IDENTITY.matcher(owner).matches(), "created_by_ref: the owner's identity id, got '"
        + owner + "'");
    require(category != null && category.length() <= 64 && CATEGORY.matcher(category).matches(),
        "category: lower-case words joined by '-' (e.g. terrorist-propaganda), got '" + category + "'");
    Objects.requireNonNull(tlp, "tlp");
    require(tlp != Tlp.RED, "a bank cannot be TLP:RED: it exists to be shared (use a private collection instead)");
    require(source == null || source.length() <= 1000, "source: at most 1,000 characters");
    require(description == null || description.length() <= 10_000, "description: at most 10,000 characters");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(modified, "modified");
    require(!modified.isBefore(created), "modified is before created");
  }

  /** A new bank, its id a random UUIDv4 (STIX 2.1 §2.7), created now (milliseconds). */
  public static Bank create(
      String name, String owner, String category, Tlp tlp, String source, String description, Clock clock) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return new Bank(AccordExtension.BANK_TYPE + "--" + UUID.randomUUID(), name, owner, category, tlp, source,
        description, now, now);
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new BankException(message);
    }
  }
}
