package org.accord.cases.evidence;

import java.util.List;

/** A package as held: its manifest and its chain of custody, oldest entry first. */
public record EvidencePackage(Manifest manifest, List<CustodyEntry> custody) {
  public EvidencePackage {
    custody = List.copyOf(custody);
  }

  public String id() {
    return manifest.id();
  }

  /** The hash of the last custody entry: what the next one links to. */
  String head() {
    return custody.isEmpty() ? manifest.digest() : custody.get(custody.size() - 1).hash();
  }
}
