package org.accord.cases;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.accord.store.CaseRecords;
import org.accord.store.MutableClock;
import org.accord.store.ObjectStore;
import org.accord.store.StoreSettings;
import org.accord.store.Stores;

/**
 * One node's cases on a real SQLite store in a directory, with a moving clock and a listener that keeps what it is
 * told. Closing and opening again on the same directory is a restart.
 */
final class CaseHarness implements AutoCloseable {
  static final Duration LEAD = Duration.ofHours(2);

  final Path dir;
  final MutableClock clock;
  final ObjectStore store;
  final CaseRecords records;
  final CaseClock caseClock;
  final Cases cases;
  final List<ClockEvent> events = new CopyOnWriteArrayList<>();
  /** Every transition stored, as the listener was told, in order. */
  final List<Step> stored = new CopyOnWriteArrayList<>();
  volatile RuntimeException failNext;

  /** Opens the store a harness runs on: the same database each time, so that opening again is a restart. */
  @FunctionalInterface
  interface Opener {
    ObjectStore open(MutableClock clock);
  }

  CaseHarness(Path dir, MutableClock clock) {
    this(dir, clock, c -> Stores.open(StoreSettings.embedded(dir), c));
  }

  CaseHarness(Path dir, MutableClock clock, Opener opener) {
    this.dir = dir;
    this.clock = clock;
    this.store = opener.open(clock);
    this.records = Stores.cases(store);
    this.caseClock =
        new CaseClock(
            records, clock, LEAD,
            e -> {
              RuntimeException f = failNext;
              if (f != null) {
                failNext = null;
                throw f;
              }
              events.add(e);
            });
    this.cases = new Cases(records, CaseFixtures::rulebook, caseClock, (r, s) -> stored.add(s));
  }

  static Path newDir() {
    try {
      return Files.createTempDirectory("accord-cases");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The events of one type received so far, in order. */
  <T extends ClockEvent> List<T> events(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (ClockEvent e : events) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return out;
  }

  /** A request sent by cn and received by us: its clocks run from now. */
  CaseFile received(AssistanceRequest r) {
    cases.create(r);
    cases.apply(r.id(), Transition.SEND, "cn");
    return cases.apply(r.id(), Transition.RECEIVE, "us");
  }

  @Override
  public void close() {
    store.close();
  }

  static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
