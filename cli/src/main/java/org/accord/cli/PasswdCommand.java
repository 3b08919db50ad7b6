package org.accord.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.accord.taxii.server.PasswordHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code accord passwd}: prints the salted PBKDF2 hash of a password for a user's {@code password_hash} in
 * accord.yaml. The password is read without echo from the terminal, or as the first line of standard input.
 */
@Command(
    name = "passwd",
    mixinStandardHelpOptions = true,
    description = {
      "Hash a password for accord.yaml (users[].password_hash).",
      "Reads the password without echo from the terminal, or the first line of standard input."
    })
final class PasswdCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    char[] password;
    Console console = System.console();
    if (console != null) {
      password = console.readPassword("password: ");
      char[] again = console.readPassword("again: ");
      if (password == null || again == null || !Arrays.equals(password, again)) {
        spec.commandLine().getErr().println("accord: the passwords differ");
        return Main.INVALID_INPUT;
      }
      Arrays.fill(again, '\0');
    } else {
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      password = line == null ? new char[0] : line.toCharArray();
    }
    if (password.length < 8) {
      spec.commandLine().getErr().println("accord: a password needs at least 8 characters");
      return Main.INVALID_INPUT;
    }
    String hash = PasswordHash.hash(password);
    Arrays.fill(password, '\0');
    spec.commandLine().getOut().println(hash);
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}
