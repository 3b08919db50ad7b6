package org.accord.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document read with Jackson's streaming YAML parser into a small tree that remembers where each node starts,
 * so that every parse error can name its line and column. Jackson's own {@code JsonNode} tree forgets locations;
 * this one keeps them, and refuses duplicate keys (YAML 1.2 §3.2.1.1: mapping keys are unique).
 */
final class YamlTree {
  private static final YAMLFactory FACTORY = new YAMLFactory();

  private YamlTree() {}

  /** Where a node starts in its source (1-based line and column). */
  record Loc(String source, int line, int column) {
    @Override
    public String toString() {
      return source + ":" + line + ":" + column;
    }
  }

  sealed interface Node permits Scalar, MapNode, ListNode {
    Loc loc();

    /** What the node is, for error messages ("a list", "a map", "a number"). */
    String describe();
  }

  /** A scalar: its text and the token type Jackson resolved it to (string, int, float, boolean, null). */
  record Scalar(String text, JsonToken token, Loc loc) implements Node {
    @Override
    public String describe() {
      return switch (token) {
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NULL -> "null";
        default -> "a string";
      };
    }
  }

  record MapNode(Map<String, Node> entries, Map<String, Loc> keyLocs, Loc loc) implements Node {
    @Override
    public String describe() {
      return "a map";
    }
  }

  record ListNode(List<Node> items, Loc loc) implements Node {
    @Override
    public String describe() {
      return "a list";
    }
  }

  static Node parse(String yaml, String source) {
    try (JsonParser p = FACTORY.createParser(yaml)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new RulebookException(source + ":1:1: the document is empty");
      }
      Node root = read(p, source);
      if (p.nextToken() != null) {
        throw new RulebookException(loc(p, source) + ": only one YAML document is allowed");
      }
      return root;
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      String where = l == null ? source : source + ":" + l.getLineNr() + ":" + l.getColumnNr();
      String first = e.getOriginalMessage().lines().findFirst().orElse("");
      throw new RulebookException(where + ": not valid YAML: " + first, e);
    } catch (IOException e) {
      throw new RulebookException(source + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static Node read(JsonParser p, String source) throws IOException {
    Loc here = loc(p, source);
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_OBJECT) {
      Map<String, Node> entries = new LinkedHashMap<>();
      Map<String, Loc> keyLocs = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        Loc keyLoc = loc(p, source);
        if (entries.containsKey(key)) {
          throw new RulebookException(keyLoc + ": duplicate key '" + key + "'");
        }
        p.nextToken();
        entries.put(key, read(p, source));
        keyLocs.put(key, keyLoc);
      }
      return new MapNode(entries, keyLocs, here);
    }
    if (t == JsonToken.START_ARRAY) {
      List<Node> items = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        items.add(read(p, source));
      }
      return new ListNode(items, here);
    }
    return new Scalar(t == JsonToken.VALUE_NULL ? null : p.getText(), t, here);
  }

  private static Loc loc(JsonParser p, String source) {
    JsonLocation l = p.currentTokenLocation();
    return new Loc(source, l.getLineNr(), l.getColumnNr());
  }
}
