package org.accord.sensor.decode;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Decodes one log line into zero or more {@link LogEvent}s. Never throws for bad input: a line in a broken encoding,
 * truncated or garbage is counted in {@link #stats()} and skipped. Used by one thread at a time.
 */
public interface LogLineDecoder {
  /**
   * Decodes the line's bytes (UTF-8, without the line terminator; a trailing CR is tolerated).
   *
   * @param line the buffer holding the line
   * @param offset where the line starts
   * @param length its length in bytes
   * @param sink receives the events
   */
  void decode(byte[] line, int offset, int length, Consumer<LogEvent> sink);

  /** Decodes a line already in text form. */
  default void decode(String line, Consumer<LogEvent> sink) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    decode(bytes, 0, bytes.length, sink);
  }

  LineStats stats();
}
