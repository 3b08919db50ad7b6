package org.accord.taxii.server;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * Jackson's parse errors in the node's own words, for 400 descriptions. Jackson's messages name its internals
 * ({@code "Unexpected character ('x' (code 120)): was expecting double-quote to start field name"}, class names of
 * the target type, a {@code [Source: ...]} that may quote the body); a client needs only where the JSON broke and
 * what was found there: {@code "malformed JSON at line 1, column 2: unexpected character 'x'"}.
 */
public final class JsonErrors {
  private JsonErrors() {}

  /** What is wrong with the JSON, and where; never Jackson's message, a class name or a quote of the input. */
  public static String describe(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    String where =
        at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    return "malformed JSON" + where + ": " + what(e);
  }

  private static String what(JsonProcessingException e) {
    if (e instanceof JsonEOFException) {
      return "the input ends before the JSON value does";
    }
    if (e instanceof JsonMappingException) {
      return "a value is not of the expected kind";
    }
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof JsonParseException) {
      int quote = message.indexOf("character ('");
      if (message.startsWith("Unexpected character") && quote >= 0) {
        int code = message.indexOf(" (code ", quote);
        String c = code > quote + 12 ? message.substring(quote + 12, code - 1) : "";
        return "unexpected character " + printable(c);
      }
      if (message.startsWith("Unrecognized token")) {
        return "unrecognized token";
      }
      if (message.startsWith("Unexpected end-of-input")) {
        return "the input ends before the JSON value does";
      }
      if (message.contains("Illegal unquoted character") || message.contains("Illegal character")) {
        return "a control character must be escaped inside a string";
      }
      if (message.startsWith("Duplicate field")) {
        return "a member name appears twice in one object";
      }
      if (message.contains("Invalid UTF-8") || message.contains("Invalid UTF")) {
        return "the body is not valid UTF-8";
      }
      if (message.contains("exceeds the maximum")) {
        return "a value exceeds the parser's limits";
      }
    }
    return "not valid JSON";
  }

  /** One character as the client may see it: quoted when printable, else its code point. */
  private static String printable(String c) {
    if (c.codePointCount(0, c.length()) == 1 && !Character.isISOControl(c.codePointAt(0))) {
      return "'" + c + "'";
    }
    return c.isEmpty() ? "" : String.format("U+%04X", c.codePointAt(0));
  }
}
