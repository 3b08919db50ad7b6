package org.accord.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8, finding 9: the embedded database and its WAL files are readable by their owner only. */
class SqliteFilePermissionsTest {
  @Test
  void theDatabaseAndItsWalFilesAreOwnerOnly(@TempDir Path dir) throws Exception {
    try (ObjectStore store = Stores.open(StoreSettings.embedded(dir))) {
      store.ensureCollection(new CollectionInfo("c", "C", null, null, List.of()));
      try (Stream<Path> files = Files.list(dir)) {
        List<Path> db = files.filter(f -> f.getFileName().toString().startsWith("accord.db")).toList();
        assertThat(db).extracting(f -> f.getFileName().toString()).contains("accord.db", "accord.db-wal");
        for (Path f : db) {
          assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString())
              .isEqualTo("rw-------");
        }
      }
    }
  }

  @Test
  void anExistingWorldReadableDatabaseIsTightenedWhenOpened(@TempDir Path dir) throws Exception {
    Stores.open(StoreSettings.embedded(dir)).close();
    Path db = dir.resolve("accord.db");
    Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
    Stores.open(StoreSettings.embedded(dir)).close();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rw-------");
  }
}
