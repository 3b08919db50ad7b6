package org.accord.hash;

/**
 * The eight symmetries of a square, in the reference's order ({@code pdqDihedralHash256esFromFloatLuma}): a
 * rotated or mirrored copy of an image hashes (almost) to the original's variant of that symmetry, so a search over
 * all eight finds it.
 */
public enum Dihedral {
  ORIGINAL,
  ROTATE_90,
  ROTATE_180,
  ROTATE_270,
  FLIP_X,
  FLIP_Y,
  FLIP_PLUS_1,
  FLIP_MINUS_1
}
