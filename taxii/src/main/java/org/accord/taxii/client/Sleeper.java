package org.accord.taxii.client;

import java.time.Duration;

/** Waits. Injected so that tests of retries and status polling run without real waiting. */
@FunctionalInterface
public interface Sleeper {
  /** {@link Thread#sleep}. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  void sleep(Duration duration) throws InterruptedException;
}
