package org.accord.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import org.accord.store.Importer;

/**
 * Progress of a long import on a terminal: one line on standard error, rewritten at most twice a second, with the
 * objects stored, the rate and (for a file) the share of bytes read. Silent when standard error is not a terminal.
 */
final class Progress {
  private static final long REFRESH_NANOS = 500_000_000L;
  private final PrintWriter err;
  private final boolean enabled;
  private final long totalBytes;
  private final long start = System.nanoTime();
  private long lastPrint;
  private long bytesRead;
  private boolean printed;

  Progress(PrintWriter err, boolean enabled, long totalBytes) {
    this.err = err;
    this.enabled = enabled;
    this.totalBytes = totalBytes;
  }

  InputStream counting(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bytesRead++;
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) {
          bytesRead += n;
        }
        return n;
      }
    };
  }

  void update(Importer.Summary s) {
    long now = System.nanoTime();
    if (!enabled || now - lastPrint < REFRESH_NANOS) {
      return;
    }
    lastPrint = now;
    double seconds = Math.max((now - start) / 1e9, 1e-3);
    String share = totalBytes > 0 ? String.format(" %3d%%", Math.min(100, bytesRead * 100 / totalBytes)) : "";
    err.printf(
        "\r%s %,d read, %,d stored, %,d rejected, %,.0f objects/s   ",
        share, s.read(), s.accepted(), s.rejected(), s.accepted() / seconds);
    err.flush();
    printed = true;
  }

  void done() {
    if (printed) {
      err.println();
    }
  }
}
