package org.accord.hash;

import java.util.List;
import java.util.Objects;

/** The eight dihedral hashes of one image, indexed by {@link Dihedral#ordinal()}, and the image's quality. */
public record DihedralHashes(List<PdqHash> hashes, int quality) {
  public DihedralHashes {
    hashes = List.copyOf(Objects.requireNonNull(hashes, "hashes"));
    if (hashes.size() != Dihedral.values().length) {
      throw new IllegalArgumentException("8 dihedral hashes, got " + hashes.size());
    }
  }

  public PdqHash get(Dihedral variant) {
    return hashes.get(variant.ordinal());
  }

  /** The original's hash and the quality, as {@link PdqHasher#hash} answers them. */
  public PdqResult original() {
    return new PdqResult(get(Dihedral.ORIGINAL), quality);
  }
}
