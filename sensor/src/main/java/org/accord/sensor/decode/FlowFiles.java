package org.accord.sensor.decode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import org.accord.sensor.flow.FlowSink;

/**
 * Reads files of flows into a {@link FlowSink}, detecting their format from the first bytes:
 *
 * <ul>
 *   <li>{@link Format#NETFLOW_V5}: v5 datagrams back to back (starts with 0x0005); each is 24 + 48 × count bytes.
 *   <li>{@link Format#IPFIX}: IPFIX messages back to back (starts with 0x000a), the file format of RFC 5655 §6 without
 *       its optional extras; each message carries its length.
 *   <li>{@link Format#NETFLOW_V9_FRAMED}: v9 datagrams have no length field, so they are framed (our own format): the
 *       4 ASCII bytes {@code NFv9}, then per datagram {@code exporter(4, IPv4) length(4) datagram(length)}, big-endian;
 *       written by {@link #writeV9Frame}. The exporter keeps the templates of several exporters apart.
 *   <li>{@link Format#JSON_LINES}: starts with <code>{</code> (after white space): see {@link JsonFlowDecoder}.
 *   <li>{@link Format#PCAP} and {@link Format#PCAPNG}: packet captures of exporter traffic (by their magic numbers,
 *       see {@link PacketCapture}). Every UDP datagram, to any port, goes to the decoder its version field names (5,
 *       9, 10), under its source address as the exporter and at its capture time (the clock of template expiry);
 *       datagrams of other protocols are counted ({@link Result#notFlow()}) and skipped.
 * </ul>
 *
 * <p>A message whose length cannot be right (a wrong version, a length beyond the buffer) loses the framing: reading
 * stops there, counted malformed, and {@link Result#complete()} is false. A file that ends inside a message is counted
 * truncated.
 *
 * <p>Template expiry in a replay: by default templates (and sampler rates) never expire, because a file holds every
 * template its data need, and a data set exported hours after its template (a quiet exporter, a capture spanning a
 * long time, a refresh interval longer than the collector's timeout) must still decode; expiring by export time used
 * to drop such flows. A {@link Settings#templateExpiry()} above zero expires them by the messages' own clock (export
 * time, or capture time for captures), never the wall clock, for who wants a replay to behave like a live collector.
 */
public final class FlowFiles {
  private FlowFiles() {}

  /** The magic at the start of a framed NetFlow v9 file. */
  static final byte[] V9_MAGIC = "NFv9".getBytes(StandardCharsets.US_ASCII);
  /** The read buffer: larger than any IPFIX message (65535) and any sane v5 datagram. */
  private static final int BUFFER = 256 * 1024;
  /** The longest line of a JSON or log file; longer lines are counted malformed. */
  static final int MAX_LINE = 1 << 20;

  public enum Format {
    NETFLOW_V5,
    NETFLOW_V9_FRAMED,
    IPFIX,
    JSON_LINES,
    PCAP,
    PCAPNG
  }

  /**
   * How a replay decodes.
   *
   * @param templateExpiry how long templates and sampler rates live without a refresh, in the file's own time;
   *     {@link Duration#ZERO}: for ever (the default for replays)
   * @param sampling the operator's default and per-exporter sampling rates
   */
  public record Settings(Duration templateExpiry, SamplingPolicy sampling) {
    /** Templates for ever, rates as the exporters announce them. */
    public static final Settings REPLAY = new Settings(Duration.ZERO, SamplingPolicy.ANNOUNCED);

    public Settings {
      if (templateExpiry.isNegative()) {
        throw new IllegalArgumentException("templateExpiry must not be negative");
      }
      java.util.Objects.requireNonNull(sampling, "sampling");
    }
  }

  /** Told how far reading has got, after each buffer and at the end. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (read, total) -> {};

    void update(long bytesRead, long totalBytes);
  }

  /**
   * What reading a file gave.
   *
   * @param format the detected format
   * @param bytes bytes read
   * @param complete whether the whole file was read (false when the framing was lost)
   * @param flows the datagram decoder's counters (for binary formats; all zero for JSON lines)
   * @param lines the line decoder's counters (for JSON lines; null otherwise)
   * @param capture the packets of a capture (pcap, pcapng; null otherwise)
   * @param notFlow UDP datagrams of a capture that were not NetFlow v5/v9 or IPFIX (by their version field)
   * @param error why reading stopped early, naming the offset (null when it did not, or for the framed formats,
   *     whose lost framing shows as {@code complete == false} and a malformed count)
   */
  public record Result(Format format, long bytes, boolean complete, DecoderStats.Counts flows, LineStats.Counts lines,
      PacketCapture.Counts capture, long notFlow, String error) {
    Result(Format format, long bytes, boolean complete, DecoderStats.Counts flows, LineStats.Counts lines) {
      this(format, bytes, complete, flows, lines, null, 0, null);
    }
  }

  /** The format of a file, from its first bytes; throws when it is none of the four. */
  public static Format detect(Path file) throws IOException {
    byte[] head = new byte[64];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    }
    if (n >= 4 && PacketCapture.isCapture(ByteBuffer.wrap(head).getInt())) {
      return ByteBuffer.wrap(head).getInt() == PacketCapture.PCAPNG_SHB ? Format.PCAPNG : Format.PCAP;
    }
    if (n >= 4 && Arrays.equals(head, 0, 4, V9_MAGIC, 0, 4)) {
      return Format.NETFLOW_V9_FRAMED;
    }
    if (n >= 2 && head[0] == 0 && head[1] == 5) {
      return Format.NETFLOW_V5;
    }
    if (n >= 2 && head[0] == 0 && head[1] == 10) {
      return Format.IPFIX;
    }
    for (int i = 0; i < n; i++) {
      if (head[i] == '{') {
        return Format.JSON_LINES;
      }
      if (!Character.isWhitespace(head[i])) {
        break;
      }
    }
    throw new IOException("not a NetFlow v5, framed NetFlow v9, IPFIX, JSON-lines, pcap or pcapng file: " + file);
  }

  /** Reads a file of flows from an unknown exporter (address 0). */
  public static Result read(Path file, FlowSink sink, Progress progress) throws IOException {
    return read(file, 0, sink, progress);
  }

  /** Reads a file of flows into the sink, as a replay does by default ({@link Settings#REPLAY}). */
  public static Result read(Path file, long exporterV4, FlowSink sink, Progress progress) throws IOException {
    return read(file, exporterV4, sink, progress, Settings.REPLAY);
  }

  /** Reads a file of flows from an unknown exporter (address 0), decoding as {@code settings} say. */
  public static Result read(Path file, FlowSink sink, Progress progress, Settings settings) throws IOException {
    return read(file, 0, sink, progress, settings);
  }

  /**
   * Reads a file of flows into the sink.
   *
   * @param exporterV4 the exporter to file v5 and IPFIX messages under (framed v9 files and captures carry their own)
   * @param settings template expiry and sampling rates
   */
  public static Result read(Path file, long exporterV4, FlowSink sink, Progress progress, Settings settings)
      throws IOException {
    Format format = detect(file);
    if (format == Format.JSON_LINES) {
      JsonFlowDecoder json = new JsonFlowDecoder();
      long bytes = lines(file, (b, off, len) -> json.decode(b, off, len, sink), json.stats(), progress);
      return new Result(format, bytes, true, new DecoderStats.Counts(0, 0, 0, 0, 0, 0, 0), json.stats().snapshot());
    }
    DecoderStats stats = new DecoderStats();
    if (format == Format.PCAP || format == Format.PCAPNG) {
      return capture(file, format, stats, sink, progress, settings);
    }
    Duration expiry = settings.templateExpiry();
    DatagramDecoder decoder = switch (format) {
      case NETFLOW_V5 -> new NetflowV5Decoder(stats, settings.sampling());
      case NETFLOW_V9_FRAMED -> new NetflowV9Decoder(stats, expiry, settings.sampling());
      default -> new IpfixDecoder(stats, expiry, true, settings.sampling());
    };
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return new BinaryReader(ch, format, decoder, exporterV4, sink, progress).run();
    }
  }

  /** Replays a packet capture: each UDP datagram to the decoder of its version, as a collector would. */
  private static Result capture(Path file, Format format, DecoderStats stats, FlowSink sink, Progress progress,
      Settings settings) throws IOException {
    NetflowV5Decoder v5 = new NetflowV5Decoder(stats, settings.sampling());
    NetflowV9Decoder v9 = new NetflowV9Decoder(stats, settings.templateExpiry(), settings.sampling());
    IpfixDecoder ipfix = new IpfixDecoder(stats, settings.templateExpiry(), false, settings.sampling());
    long[] notFlow = {0};
    PacketCapture.Result r = PacketCapture.read(file, (payload, source, port, millis) -> {
      int version = payload.remaining() >= 2 ? payload.getShort(payload.position()) & 0xffff : -1;
      long exporter = Collector.exporterKey(source);
      switch (version) {
        case 5 -> v5.decode(payload, exporter, port, millis, sink);
        case 9 -> v9.decode(payload, exporter, port, millis, sink);
        case 10 -> ipfix.decode(payload, exporter, port, millis, sink);
        default -> notFlow[0]++; // DNS, syslog, sFlow...: a capture holds whatever the link carried
      }
    }, progress);
    return new Result(format, r.bytes(), r.error() == null, stats.total(), null, r.counts(), notFlow[0], r.error());
  }

  /** Reads a log file line by line through a log line decoder. Returns bytes read. */
  public static long readLog(Path file, LogLineDecoder decoder, Consumer<LogEvent> sink, Progress progress)
      throws IOException {
    return lines(file, (b, off, len) -> decoder.decode(b, off, len, sink), decoder.stats(), progress);
  }

  /** Writes one NetFlow v9 datagram (position to limit, left unchanged) as a frame of a framed v9 file. */
  public static void writeV9Frame(OutputStream out, long exporterV4, ByteBuffer datagram) throws IOException {
    ByteBuffer frame = ByteBuffer.allocate(8 + datagram.remaining()).order(ByteOrder.BIG_ENDIAN);
    frame.putInt((int) exporterV4).putInt(datagram.remaining()).put(datagram.duplicate());
    out.write(frame.array());
  }

  /** Writes the magic that starts a framed v9 file. */
  public static void writeV9Header(OutputStream out) throws IOException {
    out.write(V9_MAGIC);
  }

  interface LineHandler {
    void line(byte[] b, int off, int len);
  }

  /** Splits a file into lines at '\n' (bytes, so a broken encoding reaches the decoder intact). */
  static long lines(Path file, LineHandler handler, LineStats stats, Progress progress) throws IOException {
    long total = Files.size(file);
    byte[] buf = new byte[64 * 1024];
    byte[] line = new byte[4096];
    int len = 0;
    boolean overlong = false;
    long read = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        read += n;
        for (int i = 0; i < n; i++) {
          byte c = buf[i];
          if (c == '\n') {
            if (overlong) {
              stats.line();
              stats.malformed();
            } else {
              handler.line(line, 0, len);
            }
            len = 0;
            overlong = false;
          } else if (!overlong) {
            if (len == MAX_LINE) {
              overlong = true;
            } else {
              if (len == line.length) {
                line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
              }
              line[len++] = c;
            }
          }
        }
        progress.update(read, total);
      }
    }
    if (overlong) {
      stats.line();
      stats.malformed();
    } else if (len > 0) {
      handler.line(line, 0, len);
    }
    progress.update(read, total);
    return read;
  }

  /** Walks a binary file message by message, refilling the buffer as it goes. */
  private static final class BinaryReader {
    private final FileChannel ch;
    private final Format format;
    private final DatagramDecoder decoder;
    private final long exporter;
    private final FlowSink sink;
    private final Progress progress;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).order(ByteOrder.BIG_ENDIAN);
    private long read;

    BinaryReader(FileChannel ch, Format format, DatagramDecoder decoder, long exporter, FlowSink sink,
        Progress progress) {
      this.ch = ch;
      this.format = format;
      this.decoder = decoder;
      this.exporter = exporter;
      this.sink = sink;
      this.progress = progress;
    }

    Result run() throws IOException {
      long total = ch.size();
      buf.limit(0);
      boolean complete = true;
      if (format == Format.NETFLOW_V9_FRAMED) {
        fill(4);
        buf.position(4);
      }
      while (true) {
        int header = format == Format.NETFLOW_V9_FRAMED ? 8 : 4;
        if (!fill(header)) {
          if (buf.hasRemaining()) {
            counters().incrementAndGet(DecoderStats.TRUNCATED);
          }
          break;
        }
        int p = buf.position();
        long from = exporter;
        int start = p;
        int length;
        switch (format) {
          case NETFLOW_V5 -> length = buf.getShort(p) == 5 ? NetflowV5Decoder.HEADER
              + NetflowV5Decoder.RECORD * (buf.getShort(p + 2) & 0xffff) : -1;
          case IPFIX -> length = buf.getShort(p) == 10 ? buf.getShort(p + 2) & 0xffff : -1;
          default -> {
            from = buf.getInt(p) & 0xffffffffL;
            length = buf.getInt(p + 4);
            start = p + 8;
          }
        }
        int frame = start - p;
        if (length < 4 || (long) length + frame > BUFFER) {
          counters(from).incrementAndGet(DecoderStats.MALFORMED);
          complete = false;
          break;
        }
        if (!fill(frame + length)) {
          // The file ends inside the message: hand over what there is, the decoder counts it truncated.
          decode(from, buf.position() + frame, buf.limit());
          buf.position(buf.limit());
          break;
        }
        decode(from, buf.position() + frame, buf.position() + frame + length);
        buf.position(buf.position() + frame + length);
      }
      progress.update(read, total);
      return new Result(format, read, complete, decoder.stats().total(), null);
    }

    private void decode(long from, int start, int end) {
      int limit = buf.limit();
      int pos = buf.position();
      buf.limit(end).position(start);
      long now = exportMillis(start, end);
      decoder.decode(buf, from, now, sink);
      buf.limit(limit).position(pos);
    }

    /** The message's own export time: the clock of template expiry in a replay. */
    private long exportMillis(int start, int end) {
      int at = format == Format.IPFIX ? 4 : 8;
      return end - start >= at + 4 ? (buf.getInt(start + at) & 0xffffffffL) * 1000 : 0;
    }

    /** Makes at least n bytes available from the position; false at the end of the file. */
    private boolean fill(int n) throws IOException {
      if (buf.remaining() >= n) {
        return true;
      }
      buf.compact();
      try {
        while (buf.position() < n) {
          int r = ch.read(buf);
          if (r < 0) {
            break;
          }
          read += r;
        }
      } finally {
        buf.flip();
      }
      progress.update(read, ch.size());
      return buf.remaining() >= n;
    }

    private AtomicLongArray counters() {
      return counters(exporter);
    }

    private AtomicLongArray counters(long from) {
      return decoder.stats().of(from);
    }
  }
}
