package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database's files after an upgrade from a version that left them world-readable: its directory and
 * files become owner-only before the database opens; a directory shared with other files keeps its permissions (and
 * the database's files are still made owner-only). {@link SafeDefaultsTest} starts the application on a fresh one.
 */
class H2DatabaseFilesTest {

    @Test
    void shouldMakeAnEarlierWorldReadableDatabaseOwnerOnly(@TempDir Path temp) throws Exception {
        Path data = temp.resolve("data");
        String url = "jdbc:h2:file:" + data.resolve("chfw");
        earlierDatabase(url, data);

        H2DatabaseFiles.of(url).orElseThrow().prepare();

        assertThat(Files.getPosixFilePermissions(data)).isEqualTo(H2DatabaseFiles.OWNER_ONLY_DIRECTORY);
        assertThat(files(data)).isNotEmpty().allSatisfy(file ->
                assertThat(Files.getPosixFilePermissions(file)).isEqualTo(H2DatabaseFiles.OWNER_ONLY_FILE));
    }

    @Test
    void shouldLeaveADirectorySharedWithOtherFilesAsItIs(@TempDir Path temp) throws Exception {
        Path shared = temp.resolve("shared");
        String url = "jdbc:h2:file:" + shared.resolve("chfw") + ";MODE=Regular";
        earlierDatabase(url, shared);
        Path other = Files.writeString(shared.resolve("notes.txt"), "not the database's");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rw-r--r--"));

        H2DatabaseFiles.of(url).orElseThrow().prepare();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(shared))).isEqualTo("rwxr-xr-x");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(other))).isEqualTo("rw-r--r--");
        assertThat(files(shared)).filteredOn(file -> file.getFileName().toString().startsWith("chfw."))
                .isNotEmpty().allSatisfy(file ->
                        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(H2DatabaseFiles.OWNER_ONLY_FILE));
    }

    @Test
    void shouldKnowWhichUrlsNameADatabaseFile() {
        assertThat(H2DatabaseFiles.of("jdbc:h2:mem:chfw;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(H2DatabaseFiles.of("jdbc:h2:tcp://localhost/chfw")).isEmpty();
        assertThat(H2DatabaseFiles.of("jdbc:postgresql://127.0.0.1:5432/chfw")).isEmpty();
        assertThat(H2DatabaseFiles.of("jdbc:h2:file:./data/chfw").orElseThrow().directory())
                .isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(H2DatabaseFiles.of("jdbc:h2:~/chfw/db;AUTO_SERVER=TRUE").orElseThrow().directory())
                .isEqualTo(Path.of(System.getProperty("user.home"), "chfw"));
    }

    /** A database as an earlier version left it: directory 0755, files 0644. */
    private static void earlierDatabase(String url, Path directory) throws Exception {
        try (var connection = DriverManager.getConnection(url, "sa", "")) {
            connection.createStatement().execute("CREATE TABLE feedback (id INT)");
        }
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path file : files(directory)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static List<Path> files(Path directory) throws Exception {
        try (Stream<Path> listed = Files.list(directory)) {
            return listed.toList();
        }
    }
}
