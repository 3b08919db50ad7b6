package org.accord.node;

import org.junit.jupiter.api.Test;

/**
 * Runs {@link BigPostProbe} under surefire, for machines without the dependency plugin offline; not part of the
 * build's tests (the name matches none of surefire's patterns): {@code ./mvnw -o -q -pl node -am test
 * -Dtest=BigPostProbeRun -Dsurefire.failIfNoSpecifiedTests=false -Dprobe.args="100000 1"}.
 */
class BigPostProbeRun {
  @Test
  void run() throws Exception {
    BigPostProbe.main(System.getProperty("probe.args", "100000 1").split(" "));
  }
}
