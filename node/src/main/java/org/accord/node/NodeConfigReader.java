package org.accord.node;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
          "unknown key '" + e.getPropertyName() + "'" + where(source, e.getLocation()) + known, e);
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new ConfigException(
          "invalid configuration" + where(source, e.getLocation()) + ": " + cause.getMessage(), e);
    } catch (JsonProcessingException e) {
      throw new ConfigException(
          "invalid configuration" + where(source, e.getLocation()) + ": " + e.getOriginalMessage(), e);
    }
  }

  private static String where(String source, JsonLocation at) {
    return at == null ? " in " + source : " at line " + at.getLineNr() + ", column " + at.getColumnNr() + " of " + source;
  }

  /** The configuration cannot be used; the message says where and why. */
  public static final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConfigException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
