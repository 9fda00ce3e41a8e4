package uk.co.dcc.chfirmware.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 database's files, readable by the application's own user only: its directory 0700 (created so
 * before the database opens) and its files 0600. Only the directory the database lives in and the database's own
 * files are touched; a directory shared with other files (say /tmp) keeps its permissions, with a warning.
 */
final class H2DatabaseFiles {

    private static final Logger LOG = LoggerFactory.getLogger(H2DatabaseFiles.class);
    private static final String FILE_URL = "jdbc:h2:file:";
    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private final Path directory;
    private final String databaseName;

    private H2DatabaseFiles(Path database) {
        this.directory = database.toAbsolutePath().normalize().getParent();
        this.databaseName = database.getFileName().toString();
    }

    /** The files of the H2 database a JDBC URL names, if it is an H2 file database (jdbc:h2:file:path or jdbc:h2:path). */
    static Optional<H2DatabaseFiles> of(String jdbcUrl) {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:h2:") || !FileSystems.getDefault().supportedFileAttributeViews()
                .contains("posix")) {
            return Optional.empty();
        }
        String location = jdbcUrl.startsWith(FILE_URL) ? jdbcUrl.substring(FILE_URL.length()) : jdbcUrl.substring("jdbc:h2:".length());
        int settings = location.indexOf(';');
        location = settings < 0 ? location : location.substring(0, settings);
        if (location.startsWith("mem:") || location.startsWith("tcp:") || location.startsWith("ssl:")
                || location.startsWith("zip:") || location.isBlank()) {
            return Optional.empty();
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        return Optional.of(new H2DatabaseFiles(Paths.get(location)));
    }

    Path directory() {
        return directory;
    }

    /** Before the database opens: its directory exists and is owner-only, and so are any files it already has. */
    void prepare() {
        try {
            if (Files.notExists(directory)) {
                Files.createDirectories(directory);
                Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
                LOG.info("Created the database directory {} (owner only)", directory);
            } else if (holdsOnlyThisDatabase()) {
                Files.setPosixFilePermissions(directory, OWNER_ONLY_DIRECTORY);
            } else if (!Files.getPosixFilePermissions(directory).equals(OWNER_ONLY_DIRECTORY)) {
                LOG.warn("The database directory {} holds other files too, so its permissions are left as they are;"
                        + " give the database a directory of its own so that other local users cannot reach it", directory);
            }
            protectFiles();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the database directory " + directory + " owner-only", e);
        }
    }

    /** The database's files (those H2 has created since it opened too): owner read and write only. */
    void protectFiles() {
        try {
            for (Path file : databaseFiles()) {
                if (Files.isRegularFile(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY_FILE)) {
                    Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the database files in " + directory + " owner-only", e);
        }
    }

    private boolean holdsOnlyThisDatabase() throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.allMatch(this::belongsToDatabase);
        }
    }

    private List<Path> databaseFiles() throws IOException {
        if (Files.notExists(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(this::belongsToDatabase).toList();
        }
    }

    private boolean belongsToDatabase(Path entry) {
        return entry.getFileName().toString().startsWith(databaseName + ".");
    }
}
