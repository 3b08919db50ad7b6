package org.accord.taxii.server;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes of a request body and fails with {@link TooLarge} as soon as more than the limit has been read,
 * so a chunked body (no Content-Length) cannot exceed {@code max_content_length} (TAXII 2.1 §4.2) by more than one
 * read buffer before the server stops reading.
 */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private long count;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      count(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    count(skipped);
    return skipped;
  }

  private void count(long n) throws TooLarge {
    count += n;
    if (count > limit) {
      throw new TooLarge();
    }
  }

  /** The body crossed the limit. An IOException so it travels unchanged through the JSON parser. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("request body exceeds the size limit");
    }
  }
}
