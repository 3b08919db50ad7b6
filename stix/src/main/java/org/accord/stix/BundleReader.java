package org.accord.stix;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads STIX objects one at a time from a stream that holds a bundle ({@code {"type":"bundle","objects":[...]}}), a
 * bare object, or JSON lines (one object per line), never holding more than one object in memory.
 *
 * <p>Design note. The format is decided from the first line, read through a bounded mark ({@value #SNIFF_LIMIT}
 * bytes): if it is a complete JSON object other than a bundle, the input is JSON lines, read line by line so that a
 * malformed line is reported as a {@link BundleItem.Malformed} and reading goes on with the next line. Otherwise
 * (pretty-printed JSON, a bundle, or a first line too long to sniff) the input is one JSON document read with the
 * Jackson streaming parser: the members of the top-level object are read one by one, the {@code objects} array
 * item by item with {@code readTree}; a syntax error there stops reading with its line and column, since a broken
 * document has no reliable resynchronisation point. Bundle-level rules (§8) are checked on the envelope: see
 * {@link #envelopeReport()}.
 *
 * <p>Not thread-safe. Close it to close the input stream.
 */
public final class BundleReader implements Iterator<BundleItem>, Closeable {
  /** Longest first line inspected to tell JSON lines from a JSON document. */
  private static final int SNIFF_LIMIT = 1 << 20;

  /** Reads one value from a parser positioned inside a document, so the rest of the document is not "trailing". */
  private static final ObjectReader ITEM_READER =
      StixJson.mapper().reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  /** How the input was recognised. */
  public enum Format {
    BUNDLE,
    OBJECT,
    JSON_LINES
  }

  private final InputStream in;
  private final Format format;
  private final ArrayDeque<BundleItem> ready = new ArrayDeque<>();
  private final ObjectNode envelope = JsonNodeFactory.instance.objectNode();
  private long index;
  private boolean done;
  // document mode
  private JsonParser parser;
  private boolean inObjectsArray;
  private long objectsCount;
  private boolean sawObjectsArray;
  // JSON lines mode
  private BufferedReader lines;
  private long lineNumber;

  private BundleReader(InputStream in, Format format) {
    this.in = in;
    this.format = format;
  }

  /** Opens a reader over {@code input}; it reads lazily as items are requested. */
  public static BundleReader open(InputStream input) throws IOException {
    BufferedInputStream in = new BufferedInputStream(input, 1 << 16);
    in.mark(SNIFF_LIMIT + 1);
    Format format = sniff(in);
    in.reset();
    BundleReader reader = new BundleReader(in, format);
    if (format == Format.JSON_LINES) {
      reader.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    } else {
      reader.parser = StixJson.mapper().createParser(in);
    }
    return reader;
  }

  private static Format sniff(BufferedInputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    int b;
    while (line.size() < SNIFF_LIMIT && (b = in.read()) >= 0 && b != '\n') {
      line.write(b);
    }
    if (line.size() == SNIFF_LIMIT) {
      return Format.BUNDLE; // a document whose first line is huge: stream it
    }
    String first = line.toString(StandardCharsets.UTF_8).strip();
    if (first.isEmpty() || first.charAt(0) != '{') {
      return Format.BUNDLE; // let the streaming parser report what it is
    }
    // Walk the tokens first: running out of input inside the object means a multi-line document, while a
    // syntax error before the end of the line means a broken JSON line.
    try (JsonParser p = StixJson.mapper().createParser(first)) {
      while (p.nextToken() != null) {
        // only the structure matters here
      }
    } catch (JsonEOFException e) {
      return Format.BUNDLE;
    } catch (JsonProcessingException e) {
      // Jackson reports some ends of input as plain parse errors ("end-of-input within Object entries"): an
      // error located at the very end of the line is still an incomplete document, not a broken line.
      JsonLocation loc = e.getLocation();
      return loc != null && loc.getCharOffset() >= first.length() ? Format.BUNDLE : Format.JSON_LINES;
    }
    try {
      JsonNode node = StixJson.mapper().readTree(first);
      return "bundle".equals(node.path("type").asText(null)) || node.path("objects").isArray()
          ? Format.BUNDLE
          : Format.JSON_LINES;
    } catch (JsonProcessingException e) {
      return Format.JSON_LINES; // complete but invalid, e.g. duplicate keys: report it as a broken line
    }
  }

  /**
   * How the input was recognised. {@link Format#BUNDLE} is reported for any JSON document until its top-level
   * object turns out to be a bare object; call after reading to be sure.
   */
  public Format format() {
    if (format == Format.BUNDLE && done && !sawObjectsArray && !"bundle".equals(envelope.path("type").asText())) {
      return Format.OBJECT;
    }
    return format;
  }

  /** The items as a sequential stream; closing the stream closes the reader. */
  public Stream<BundleItem> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL), false)
        .onClose(() -> {
          try {
            close();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  @Override
  public boolean hasNext() {
    if (ready.isEmpty() && !done) {
      try {
        if (format == Format.JSON_LINES) {
          readLine();
        } else {
          readDocument();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return !ready.isEmpty();
  }

  @Override
  public BundleItem next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return ready.poll();
  }

  /**
   * Findings about the bundle itself (type, id, spec_version, custom members; §8), complete once all items have
   * been read. Empty for bare objects and JSON lines, whose objects are validated one by one.
   */
  public ValidationReport envelopeReport() {
    Findings f = new Findings();
    if (format() == Format.BUNDLE) {
      ObjectNode copy = envelope.deepCopy();
      if (sawObjectsArray) {
        // Only the emptiness of the array matters at this level; its items were validated one by one.
        copy.putArray("objects");
        if (objectsCount > 0) {
          copy.withArray("objects").add(true);
        }
      }
      Validator.bundleEnvelope(copy, "$", f);
    }
    return f.report();
  }

  /**
   * The bundle's own {@code spec_version} as far as read: STIX 2.0 bundles declare {@code "2.0"} (2.1 bundles have
   * none, §8). Known for the objects that follow the member in the document; empty for JSON lines and bare objects.
   */
  public java.util.Optional<String> declaredSpecVersion() {
    JsonNode v = envelope.get("spec_version");
    return v != null && v.isTextual() ? java.util.Optional.of(v.asText()) : java.util.Optional.empty();
  }

  private void readLine() throws IOException {
    while (ready.isEmpty()) {
      String line = lines.readLine();
      if (line == null) {
        done = true;
        return;
      }
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String path = "line " + lineNumber;
      try {
        JsonNode node = StixJson.mapper().readTree(line);
        if (node instanceof ObjectNode o) {
          ready.add(new BundleItem.Parsed(index++, path, o));
        } else {
          ready.add(new BundleItem.Malformed(index++, path, lineNumber, 1, "expected a JSON object"));
        }
      } catch (JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        long column = loc == null ? 1 : loc.getColumnNr();
        ready.add(new BundleItem.Malformed(index++, path, lineNumber, column, e.getOriginalMessage()));
      }
    }
  }

  private void readDocument() throws IOException {
    try {
      if (parser.currentToken() == null && !inObjectsArray) {
        JsonToken first = parser.nextToken();
        if (first != JsonToken.START_OBJECT) {
          fail(first == null ? "empty input" : "expected a JSON object or bundle, found " + first);
          return;
        }
      }
      while (ready.isEmpty() && !done) {
        if (inObjectsArray) {
          readArrayItem();
        } else {
          readMember();
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String where = inObjectsArray ? "$.objects[" + objectsCount + "]" : "$";
      ready.add(new BundleItem.Malformed(index++, where, loc == null ? 0 : loc.getLineNr(),
          loc == null ? 0 : loc.getColumnNr(), "malformed JSON, reading stopped: " + e.getOriginalMessage()));
      done = true;
    }
  }

  private void readArrayItem() throws IOException {
    JsonToken t = parser.nextToken();
    if (t == JsonToken.END_ARRAY) {
      inObjectsArray = false;
      return;
    }
    String path = "$.objects[" + objectsCount + "]";
    JsonLocation start = parser.currentTokenLocation();
    JsonNode node = ITEM_READER.readTree(parser);
    objectsCount++;
    if (node instanceof ObjectNode o) {
      ready.add(new BundleItem.Parsed(index++, path, o));
    } else {
      ready.add(new BundleItem.Malformed(index++, path, start.getLineNr(), start.getColumnNr(),
          "expected a JSON object, found " + node.getNodeType().name().toLowerCase()));
    }
  }

  private void readMember() throws IOException {
    JsonToken t = parser.nextToken();
    if (t == JsonToken.END_OBJECT) {
      finishDocument();
      return;
    }
    String name = parser.currentName();
    JsonToken value = parser.nextToken();
    if (name.equals("objects") && value == JsonToken.START_ARRAY && !sawObjectsArray) {
      sawObjectsArray = true;
      inObjectsArray = true;
      return;
    }
    if (envelope.has(name)) {
      fail("duplicate member '" + name + "' in the top-level object");
      return;
    }
    envelope.set(name, ITEM_READER.readTree(parser));
  }

  private void finishDocument() throws IOException {
    JsonToken trailing = parser.nextToken();
    if (trailing != null) {
      fail("unexpected content after the top-level JSON value");
      return;
    }
    done = true;
    if (!sawObjectsArray && !"bundle".equals(envelope.path("type").asText(null))) {
      ready.add(new BundleItem.Parsed(index++, "$", envelope.deepCopy()));
    }
  }

  private void fail(String message) {
    JsonLocation loc = parser.currentTokenLocation();
    ready.add(new BundleItem.Malformed(index++, "$", loc.getLineNr(), loc.getColumnNr(), message));
    done = true;
  }

  @Override
  public void close() throws IOException {
    done = true;
    if (parser != null) {
      parser.close();
    }
    in.close();
  }
}
