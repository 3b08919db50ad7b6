package org.accord.hash.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.accord.hash.PdqHash;
import org.accord.hash.index.HammingIndex.Match;
import org.junit.jupiter.api.Test;

/**
 * Searches while one writer adds and removes: every answer must be one the index held between two writes.
 *
 * <p>The writer works in generations of 8 entries, all near one centre: {@code addAll} adds a generation whole, then
 * {@code remove} takes its entries out in id order, and their rows are reused by the next generation. So between
 * writes, the entries of a generation visible near the centre are all 8, or a suffix of them (ids 8g+k..8g+7), and
 * each id carries the hash that belongs to it. A torn read would show a prefix of a generation being added, or a
 * reused row's new hash under its old id (or the reverse).
 */
class ConcurrentSearchTest {
  static final int PER_GENERATION = 8;

  @Test
  void searchesDuringWritesSeeOneStateOrTheOtherNeverATornOne() throws Exception {
    SplittableRandom rnd = new SplittableRandom(11);
    PdqHash centre = TestHashes.random(rnd);
    HammingIndex index = new HammingIndex();
    // Background: unrelated entries so that the buckets are not trivially small.
    for (int i = 0; i < 20_000; i++) {
      index.add(-1 - i, TestHashes.random(rnd));
    }
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicLong searches = new AtomicLong();
    CountDownLatch started = new CountDownLatch(3);
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      Thread t = new Thread(() -> {
        started.countDown();
        while (!stop.get()) {
          check(index.search(List.of(centre, TestHashes.random(new SplittableRandom())), 31), centre, failures);
          searches.incrementAndGet();
        }
      });
      t.start();
      readers.add(t);
    }
    started.await();
    long generations = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < deadline || generations < 200) {
      long first = generations * PER_GENERATION;
      long[] ids = new long[PER_GENERATION];
      long[] words = new long[4 * PER_GENERATION];
      for (int k = 0; k < PER_GENERATION; k++) {
        ids[k] = first + k;
        PdqHash h = hashOf(ids[k], centre);
        for (int i = 0; i < 4; i++) {
          words[4 * k + i] = h.word(i);
        }
      }
      index.addAll(ids, words, PER_GENERATION);
      for (int k = 0; k < PER_GENERATION; k++) {
        assertThat(index.remove(first + k, hashOf(first + k, centre))).isTrue();
      }
      generations++;
    }
    stop.set(true);
    for (Thread t : readers) {
      t.join();
    }
    assertThat(failures).isEmpty();
    assertThat(searches.get()).isGreaterThan(100);
    assertThat(index.size()).isEqualTo(20_000);
  }

  /** The hash of entry {@code id}: the centre with bits chosen by the id flipped, 0..20 of them. */
  static PdqHash hashOf(long id, PdqHash centre) {
    SplittableRandom rnd = new SplittableRandom(id * 31 + 7);
    return TestHashes.flip(centre, rnd.nextInt(21), rnd);
  }

  private static void check(List<Match> found, PdqHash centre, ConcurrentLinkedQueue<String> failures) {
    long generation = -1;
    List<Long> ids = new ArrayList<>();
    for (Match m : found) {
      if (m.id() < 0) {
        continue; // a background entry that happens to be near
      }
      if (!m.hash().equals(hashOf(m.id(), centre)) || m.distance() != m.hash().distance(centre)) {
        failures.add("torn entry " + m);
      }
      long g = m.id() / PER_GENERATION;
      if (generation >= 0 && g != generation) {
        failures.add("two generations at once: " + found);
      }
      generation = g;
      ids.add(m.id() % PER_GENERATION);
    }
    if (!ids.isEmpty()) {
      ids.sort(null);
      // Visible: a suffix k..7 of the generation.
      long k = PER_GENERATION - ids.size();
      for (int i = 0; i < ids.size(); i++) {
        if (ids.get(i) != k + i) {
          failures.add("not a state between writes: " + ids);
          break;
        }
      }
    }
  }
}
