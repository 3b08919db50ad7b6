package org.accord.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a command's input: a file, or standard input for {@code -}. */
final class Inputs {
  private Inputs() {}

  static InputStream open(String file) throws IOException {
    if ("-".equals(file)) {
      return new FilterInputStream(System.in) {
        @Override
        public void close() {
          // standard input stays open for the JVM
        }
      };
    }
    try {
      return Files.newInputStream(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file, null, "no such file");
    }
  }

  /** The size of the input when known (a regular file), else -1. */
  static long size(String file) {
    try {
      return "-".equals(file) ? -1 : Files.size(Path.of(file));
    } catch (IOException e) {
      return -1;
    }
  }
}
