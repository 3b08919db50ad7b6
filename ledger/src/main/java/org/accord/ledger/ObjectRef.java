package org.accord.ledger;

/**
 * One version of one STIX object that crossed: its {@code id} and its version, the {@code modified} timestamp as
 * written in the object (STIX 2.1 §3.2 common properties; an SDO or SRO version is identified by id + modified).
 * Objects without versions (SCOs carry no {@code modified}) pass {@code null}.
 */
public record ObjectRef(String id, String version) implements Comparable<ObjectRef> {
  public ObjectRef {
    Canonical.requireText(id, "object id");
    if (version != null) {
      Canonical.requireText(version, "object version");
    }
  }

  @Override
  public int compareTo(ObjectRef o) {
    int c = id.compareTo(o.id);
    if (c != 0) {
      return c;
    }
    if (version == null || o.version == null) {
      return version == null ? (o.version == null ? 0 : -1) : 1;
    }
    return version.compareTo(o.version);
  }

  @Override
  public String toString() {
    return version == null ? id : id + "@" + version;
  }
}
