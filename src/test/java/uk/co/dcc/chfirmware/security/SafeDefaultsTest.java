package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.co.dcc.chfirmware.ChFirmwareApplication;

/**
 * Outside demo mode nothing is left open by default (item 9 of "Trust"): without an administrator password, or with
 * one the password policy refuses, the application does not start and says which variable to set; started properly,
 * in a fresh directory with the embedded database as configured, that database is reachable in-process only, its
 * directory and files are its own user's, and the only account is the administrator with its own password. Each
 * start is a process of its own, as an operator runs it (the tests' shared application keeps its engine to itself).
 */
class SafeDefaultsTest {

    private static final String STRONG = "Str0ng#Operator-Pass";
    private static final Duration STARTUP = Duration.ofMinutes(4);
    private static final Duration REFUSAL = Duration.ofMinutes(2);

    @TempDir
    Path directory;

    @Test
    void shouldRefuseToStartOutsideDemoModeWithoutAnAdministratorPassword() throws Exception {
        String printed = refusedStart("--chfw.demo.enabled=false");
        assertThat(printed).contains("APPLICATION FAILED TO START")
                .contains("No administrator password is configured and demo mode is off")
                .contains("Set the environment variable CHFW_ADMIN_PASSWORD");
    }

    @Test
    void shouldRefuseToStartOnThePostgresProfileWithoutAnAdministratorPassword() throws Exception {
        // no database is needed: the application stops before it opens one
        assertThat(refusedStart("--spring.profiles.active=postgres")).contains("APPLICATION FAILED TO START")
                .contains("CHFW_ADMIN_PASSWORD");
    }

    @Test
    void shouldRefuseToStartOutsideDemoModeWithAWeakAdministratorPassword() throws Exception {
        assertThat(refusedStart("--chfw.demo.enabled=false", "--chfw.admin.password=demo"))
                .contains("APPLICATION FAILED TO START").contains("does not meet the password policy")
                .contains("at least 10 characters").contains("upper-case").contains("CHFW_ADMIN_PASSWORD");
    }

    @Test
    void shouldStartWithItsDatabaseInProcessAndOwnerOnlyAndOnlyTheAdministrator() throws Exception {
        int port = freePort();
        Process application = start("--server.port=" + port, "--chfw.demo.enabled=false",
                "--chfw.demo.csp-simulator.enabled=false", "--chfw.admin.password=" + STRONG);
        try {
            awaitAdministrator(application, port);

            Path data = directory.resolve("data");
            assertThat(Files.getPosixFilePermissions(data)).isEqualTo(H2DatabaseFiles.OWNER_ONLY_DIRECTORY);
            List<Path> files;
            try (Stream<Path> listed = Files.list(data)) {
                files = listed.toList();
            }
            assertThat(files).isNotEmpty().allSatisfy(file ->
                    assertThat(Files.getPosixFilePermissions(file)).as(file.toString()).isEqualTo(H2DatabaseFiles.OWNER_ONLY_FILE));

            // another local process cannot open it, not even through H2's automatic server
            assertThat(otherProcessReads("jdbc:h2:file:" + data.resolve("chfw") + ";AUTO_SERVER=TRUE"))
                    .contains("Database may be already in use");

            assertThat(status(port, "admin", "demo")).isEqualTo(401);
            assertThat(status(port, "dcc", "demo")).isEqualTo(401);
        } finally {
            application.destroy();
            if (!application.waitFor(60, TimeUnit.SECONDS)) {
                application.destroyForcibly();
            }
        }
    }

    /** Starts the application in the test's directory, with this JVM's classpath and no CHFW_* variables. */
    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                ChFirmwareApplication.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("application.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CHFW_") || name.startsWith("SPRING_"));
        return builder.start();
    }

    /** What the application printed when it refused to start (it must have stopped by itself, with an error). */
    private String refusedStart(String... args) throws Exception {
        Process application = start(args);
        if (!application.waitFor(REFUSAL.toSeconds(), TimeUnit.SECONDS)) {
            application.destroyForcibly();
            throw new AssertionError("The application started: " + printed());
        }
        assertThat(application.exitValue()).as(printed()).isNotZero();
        assertThat(directory.resolve("data")).as("no database opened").doesNotExist();
        return printed();
    }

    private void awaitAdministrator(Process application, int port) throws Exception {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!application.isAlive()) {
                throw new AssertionError("The application stopped: " + printed());
            }
            try {
                if (status(port, "admin", STRONG) == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("The administrator could not log in within " + STARTUP + ": " + printed());
    }

    private String printed() throws IOException {
        return Files.readString(directory.resolve("application.log"));
    }

    /** What H2's own shell, run as another process on this machine, prints when it tries to read the users. */
    private static String otherProcessReads(String url) throws Exception {
        Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process shell = new ProcessBuilder(java(), "-cp", h2.toString(), "org.h2.tools.Shell", "-url", url,
                "-user", "sa", "-password", "", "-sql", "SELECT COUNT(*) FROM ACT_ID_USER").redirectErrorStream(true).start();
        String printed = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return printed;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static int status(int port, String user, String password) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest/user/" + user + "/profile"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
