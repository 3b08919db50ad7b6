package org.accord.node;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads {@code accord.yaml} into a {@link NodeConfig}. A missing or empty file gives the defaults. An unknown key is
 * an error naming the key, the line and the column, and the keys allowed there, because a misspelt setting that is
 * silently ignored (a typo in {@code can_write}, say) is a security bug waiting to happen.
 */
public final class NodeConfigReader {
  private static final ObjectMapper YAML =
      YAMLMapper.builder(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
          .build();

  private NodeConfigReader() {}

  /** The configuration in {@code file}, or the defaults when the file does not exist. */
  public static NodeConfig read(Path file) {
    if (!Files.exists(file)) {
      return NodeConfig.defaults();
    }
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses YAML text; {@code source} names it in error messages. */
  public static NodeConfig parse(String yaml, String source) {
    if (yaml.isBlank()) {
      return NodeConfig.defaults();
    }
    try {
      NodeConfig config = YAML.readValue(yaml, NodeConfig.class);
      return config == null ? NodeConfig.defaults() : config;
    } catch (UnrecognizedPropertyException e) {
      String known =
          e.getKnownPropertyIds() == null
              ? ""
              : " (allowed here: "
                  + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
                  + ")";
      throw new ConfigException(
          "unknown key '" + e.getPropertyName() + "' (" + path(e) + ")" + where(source, keyLocation(yaml, e)) + known,
          e);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new ConfigException(
          "invalid configuration" + where(source, e.getLocation()) + ": " + cause.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "invalid configuration" + where(source, e.getLocation()) + ": " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Where the unknown key is written. Jackson reports where it stopped reading, which for records (bound through
   * their constructor) is past the key; so the text is walked once more to find the key by its JSON pointer.
   */
  private static JsonLocation keyLocation(String yaml, UnrecognizedPropertyException e) {
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      pointer.append('/');
      pointer.append(r.getFieldName() != null
          ? r.getFieldName().replace("~", "~0").replace("/", "~1")
          : Integer.toString(r.getIndex()));
    }
    String target = pointer.toString();
    try (JsonParser p = YAML.createParser(yaml)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.FIELD_NAME && p.getParsingContext().pathAsPointer().toString().equals(target)) {
          return p.currentTokenLocation();
        }
      }
    } catch (IOException ignored) {
      // fall back to Jackson's own position
    }
    return e.getLocation();
  }

  /** The dotted path of the key, e.g. {@code taxii.users[0].collections.*.can_write}. */
  private static String path(UnrecognizedPropertyException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String where(String source, JsonLocation at) {
    if (at == null) {
      return " in " + source;
    }
    return " at line " + at.getLineNr() + ", column " + at.getColumnNr() + " of " + source;
  }

  /** The configuration cannot be used; the message says where and why. */
  public static final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConfigException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
