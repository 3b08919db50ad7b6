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
import java.util.function.Consumer;
import org.accord.sensor.flow.FlowSink;

/**
 * Reads files of flows into a {@link FlowSink}, detecting their format from their first bytes, never from their name:
 *
 * <ul>
 *   <li>{@link Format#NETFLOW_V5}, {@link Format#NETFLOW_V9}, {@link Format#IPFIX}: export packets back to back, as
 *       a collector's raw dump or {@code nc -lu PORT > FILE} writes them (named by the first one's version: 0x0005,
 *       0x0009, 0x000a). Each message is read by its own version, so versions may be mixed. IPFIX messages carry
 *       their length (RFC 7011 §3.1; this is RFC 5655's file format without its optional extras) and v5 its record
 *       count; a v9 packet carries neither, so its FlowSets are walked by their lengths up to the next packet's
 *       version field (no FlowSet id is 5, 9 or 10: ids 2 to 255 are reserved, RFC 3954 §5.2).
 *   <li>{@link Format#NETFLOW_V9_FRAMED}: v9 datagrams framed with their exporter (our own format): the 4 ASCII bytes
 *       {@code NFv9}, then per datagram {@code exporter(4, IPv4) length(4) datagram(length)}, big-endian; written by
 *       {@link #writeV9Frame}. The exporter keeps the templates of several exporters apart.
 *   <li>{@link Format#JSON_LINES}: starts with <code>{</code> (after white space): Accord's fields or goflow2's JSON
 *       output, see {@link JsonFlowDecoder}.
 *   <li>{@link Format#PCAP} and {@link Format#PCAPNG}: packet captures of exporter traffic (by their magic numbers,
 *       see {@link PacketCapture}). Every UDP datagram, to any port, goes to the decoder its version field names (5,
 *       9, 10), under its source address as the exporter and at its capture time (the clock of template expiry);
 *       datagrams of other protocols are counted ({@link Result#notFlow()}) and skipped.
 * </ul>
 *
 * <p>Anything else is refused before a byte is decoded, saying what the file looks like (an nfdump file, a
 * compressed file, text) and what is read instead. A message whose length cannot be right (an unknown version, a
 * FlowSet shorter than its header) loses the framing: reading stops there, counted malformed, with a {@link
 * Result#error()} naming the offset and {@link Result#complete()} false; the flows before it are kept. A file that
 * ends inside a message is counted truncated.
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
    NETFLOW_V9,
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
   * @param error why reading stopped early, naming the offset (null when it did not)
   */
  public record Result(Format format, long bytes, boolean complete, DecoderStats.Counts flows, LineStats.Counts lines,
      PacketCapture.Counts capture, long notFlow, String error) {
    Result(Format format, long bytes, boolean complete, DecoderStats.Counts flows, LineStats.Counts lines) {
      this(format, bytes, complete, flows, lines, null, 0, null);
    }
  }

  /** The format of a file, from its first bytes; throws, saying what the file looks like, when it is none of them. */
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
    if (n >= 4 && head[0] == 0 && (head[1] == 5 || head[1] == 9 || head[1] == 10)) {
      return head[1] == 5 ? Format.NETFLOW_V5 : head[1] == 9 ? Format.NETFLOW_V9 : Format.IPFIX;
    }
    for (int i = 0; i < n; i++) {
      if (head[i] == '{') {
        return Format.JSON_LINES;
      }
      if (!Character.isWhitespace(head[i])) {
        break;
      }
    }
    throw new IOException(file + ": " + unknown(head, n));
  }

  /** What a file of no known format looks like, and what to do instead. */
  static String unknown(byte[] head, int n) {
    String what;
    if (n == 0) {
      what = "empty";
    } else if (n >= 2 && (head[0] & 0xff) == 0x0c && (head[1] & 0xff) == 0xa5) {
      // nfdump's file header starts with the magic 0xA50C, little-endian (nffileV2.h)
      what = "an nfdump (nfcapd) file, which Accord does not read: send it to 'accord sense listen' with nfreplay,"
          + " or capture the exporters' packets (tcpdump -w) and replay the capture";
    } else if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      what = "gzip-compressed: decompress it first";
    } else if (n >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') {
      what = "bzip2-compressed: decompress it first";
    } else if (n >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f) {
      what = "zstd-compressed: decompress it first";
    } else if (n >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0 && head[3] == 5) {
      what = "sFlow version 5, which Accord does not read";
    } else if (text(head, n)) {
      what = "text, but not JSON lines: for an SSH auth log or a web access log give --log ssh or --log access";
    } else {
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < Math.min(n, 8); i++) {
        hex.append(String.format(java.util.Locale.ROOT, "%s%02x", i == 0 ? "" : " ", head[i] & 0xff));
      }
      what = "an unknown format (it starts with " + hex + ")";
    }
    return "not a flow file: " + what + ". Readable: NetFlow v5/v9 and IPFIX export packets back to back (raw or"
        + " framed), pcap or pcapng captures of exporter traffic, JSON lines";
  }

  private static boolean text(byte[] head, int n) {
    for (int i = 0; i < n; i++) {
      int c = head[i] & 0xff;
      if (c < 0x09 || (c > 0x0d && c < 0x20) || c == 0x7f) {
        return false;
      }
    }
    return true;
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
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return new BinaryReader(ch, format == Format.NETFLOW_V9_FRAMED, stats, settings, exporterV4, sink, progress)
          .run(format);
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

  /**
   * Walks a binary file message by message, refilling the buffer as it goes. In a file of raw export packets each
   * message is read by its own version field, so a file that mixes versions (what {@code nc -lu} writes for a port
   * that hears several exporters) reads as well as a pure one.
   */
  private static final class BinaryReader {
    /** The longest message: a UDP payload (IPFIX's length field and every v5/v9 datagram are within it). */
    private static final int MAX_MESSAGE = 65_535;

    private final FileChannel ch;
    private final boolean framed;
    private final DecoderStats stats;
    private final NetflowV5Decoder v5;
    private final NetflowV9Decoder v9;
    private final IpfixDecoder ipfix;
    private final long exporter;
    private final FlowSink sink;
    private final Progress progress;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER).order(ByteOrder.BIG_ENDIAN);
    private long read;

    BinaryReader(FileChannel ch, boolean framed, DecoderStats stats, Settings settings, long exporter, FlowSink sink,
        Progress progress) {
      this.ch = ch;
      this.framed = framed;
      this.stats = stats;
      this.v5 = new NetflowV5Decoder(stats, settings.sampling());
      this.v9 = new NetflowV9Decoder(stats, settings.templateExpiry(), settings.sampling());
      this.ipfix = new IpfixDecoder(stats, settings.templateExpiry(), true, settings.sampling());
      this.exporter = exporter;
      this.sink = sink;
      this.progress = progress;
    }

    Result run(Format format) throws IOException {
      long total = ch.size();
      buf.limit(0);
      String error = null;
      if (framed) {
        fill(4);
        buf.position(4);
      }
      while (true) {
        int frame = framed ? 8 : 0;
        if (!fill(frame + 4)) {
          if (buf.hasRemaining()) {
            stats.of(exporter).incrementAndGet(DecoderStats.TRUNCATED);
          }
          break;
        }
        long offset = read - buf.remaining();
        long from = framed ? buf.getInt(buf.position()) & 0xffffffffL : exporter;
        int version = buf.getShort(buf.position() + frame) & 0xffff;
        int length = framed ? buf.getInt(buf.position() + 4) : length(version);
        if (framed && version != 9) {
          length = -1;
        }
        if (length < 4 || length > MAX_MESSAGE) {
          // The framing is lost: what follows cannot be told from noise, so reading stops here, said and counted.
          stats.of(from).incrementAndGet(DecoderStats.MALFORMED);
          error = (length == -1 ? "not a NetFlow v5/v9 or IPFIX message (version " + version + ")"
              : length == -2 ? "a NetFlow v9 FlowSet shorter than its header"
              : "a message whose length cannot be right (" + Integer.toUnsignedString(length) + " bytes)")
              + " at offset " + offset;
          break;
        }
        if (!fill(frame + length)) {
          // The file ends inside the message: hand over what there is, the decoder counts it truncated.
          decode(version, from, buf.position() + frame, buf.limit());
          buf.position(buf.limit());
          break;
        }
        decode(version, from, buf.position() + frame, buf.position() + frame + length);
        buf.position(buf.position() + frame + length);
      }
      progress.update(read, total);
      return new Result(format, read, error == null, stats.total(), null, null, 0, error);
    }

    /**
     * The length of the raw message at the position (whose first 4 bytes are there): v5 and IPFIX state it (RFC 7011
     * §3.1; v5 by its record count); a v9 packet does not (RFC 3954 §5.1: its count is of records, and exporters
     * differ in what they count), so its FlowSets are walked by their lengths until the file ends or the next 2 bytes
     * are a version (5, 9 or 10): FlowSet ids 2 to 255 are reserved, so no FlowSet starts so. -1 for another version
     * or a FlowSet shorter than its header; a length beyond the file for a message the file cuts.
     */
    private int length(int version) throws IOException {
      switch (version) {
        case 5 -> {
          return NetflowV5Decoder.HEADER + NetflowV5Decoder.RECORD * (buf.getShort(buf.position() + 2) & 0xffff);
        }
        case 10 -> {
          return buf.getShort(buf.position() + 2) & 0xffff;
        }
        case 9 -> {
          int at = NetflowV9Decoder.HEADER;
          while (at <= MAX_MESSAGE) {
            if (!fill(at + 4)) {
              return Math.max(at, buf.remaining()); // the file ends here, or inside a FlowSet header or the header
            }
            int id = buf.getShort(buf.position() + at) & 0xffff;
            if (id == 5 || id == 9 || id == 10) {
              return at;
            }
            int len = buf.getShort(buf.position() + at + 2) & 0xffff;
            if (len < 4) {
              return -2;
            }
            at += len;
          }
          return at;
        }
        default -> {
          return -1;
        }
      }
    }

    private void decode(int version, long from, int start, int end) {
      int limit = buf.limit();
      int pos = buf.position();
      buf.limit(end).position(start);
      // The message's own export time is the clock of template expiry in a replay: seconds at 4 (IPFIX) or 8 (v5, v9).
      int at = version == 10 ? 4 : 8;
      long now = end - start >= at + 4 ? (buf.getInt(start + at) & 0xffffffffL) * 1000 : 0;
      DatagramDecoder decoder = version == 5 ? v5 : version == 9 ? v9 : ipfix;
      decoder.decode(buf, from, now, sink);
      buf.limit(limit).position(pos);
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
  }
}
