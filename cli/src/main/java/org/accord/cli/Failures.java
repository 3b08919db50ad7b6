package org.accord.cli;

import org.accord.node.NodeConfigReader;
import org.accord.rules.RulebookException;
import org.accord.store.StoreException;
import picocli.CommandLine;

/**
 * Turns exceptions that escape a command into one line on standard error and an exit code; the stack trace only
 * with {@code ACCORD_DEBUG=1}. Messages never include secrets: the exceptions thrown by the node and the store do
 * not carry them.
 */
final class Failures implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    int code;
    String kind;
    if (e instanceof NodeConfigReader.ConfigException) {
      code = Main.CONFIG_ERROR;
      kind = "configuration error";
    } else if (e instanceof RulebookException) {
      // A malformed, badly signed or refused rulebook is bad input, not a failure of the node.
      code = Main.INVALID_INPUT;
      kind = "rulebook";
    } else if (e instanceof StoreException) {
      code = Main.FAILURE;
      kind = "store error";
    } else if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException) {
      code = Main.FAILURE;
      kind = "I/O error";
    } else {
      code = Main.FAILURE;
      kind = "error";
    }
    commandLine.getErr().println("accord: " + kind + ": " + message(e));
    if ("1".equals(System.getenv("ACCORD_DEBUG"))) {
      e.printStackTrace(commandLine.getErr());
    }
    return code;
  }

  private static String message(Throwable e) {
    StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      if (c.getMessage() != null && !sb.toString().contains(c.getMessage())) {
        sb.append(": ").append(c.getMessage());
      }
    }
    return sb.toString();
  }
}
