package org.accord.node;

import java.nio.file.Path;

/**
 * The child process of {@link KillMidPostTest}: a {@link TestNode} on the data directory given as the only argument,
 * (with a peer, {@link TestNode#restartWithPeer}, when the second argument is {@code peer}), which prints {@code
 * LISTENING <base-url>} once it serves and then runs until it is killed.
 */
public final class ChildNode {
  static final String READY = "LISTENING ";

  private ChildNode() {}

  public static void main(String[] args) throws InterruptedException {
    boolean withPeer = args.length > 1 && args[1].equals("peer");
    TestNode node = withPeer ? TestNode.restartWithPeer(Path.of(args[0])) : TestNode.restart(Path.of(args[0]));
    System.out.println(READY + node.baseUrl());
    System.out.flush();
    Thread.currentThread().join(); // until SIGKILL (or the test's clean stop)
  }
}
