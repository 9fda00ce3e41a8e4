package uk.co.dcc.chfirmware.cluster;

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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * One application node in a child JVM, started from the test with the test's own classpath (the built application and
 * its dependencies) on the PostgreSQL database given, with its own job executor; its output goes to
 * target/cluster/&lt;name&gt;.log. {@link #kill()} is {@code kill -9}.
 */
final class ClusterNode {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String name;
    final int port;
    final Path log;
    private final Process process;

    private ClusterNode(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Launches a node whose application starts once {@code gate} exists. */
    static ClusterNode launch(String name, Path gate, String databaseUrl, String user, String password, List<String> settings)
            throws IOException {
        int port = freePort();
        Path home = Path.of("target", "cluster", name).toAbsolutePath();
        Files.createDirectories(home);
        Path log = home.resolveSibling(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                ClusterNodeMain.class.getName(), gate.toAbsolutePath().toString(),
                "--server.port=" + port,
                "--spring.datasource.url=" + databaseUrl,
                "--spring.datasource.username=" + user,
                "--spring.datasource.password=" + password,
                "--spring.datasource.hikari.maximum-pool-size=6",
                "--spring.main.banner-mode=off"));
        command.addAll(settings);
        // its own working directory: from the repository's, the top-level processes/ folder would be deployed a second
        // time beside target/classes/processes/ (the same process keys twice in one deployment)
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the node's settings come from its arguments, not from the test run's datasource variables
        builder.environment().keySet().removeIf(variable -> variable.startsWith("SPRING_"));
        return new ClusterNode(name, port, log, builder.start());
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * Waits until the node has run its start-up tasks and takes traffic (readiness UP, as DCC reads it). DCC is asked
     * only once {@code usersExist}: a login as a user not yet created is a failed login, and ten of them in five minutes
     * get this client throttled (429) for the rest of the window.
     */
    void awaitReady(Duration timeout, java.util.function.BooleanSupplier usersExist) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " stopped with exit code " + process.exitValue() + ":\n" + tail());
            }
            try {
                if (usersExist.getAsBoolean() && get("dcc", "/actuator/health/readiness").statusCode() == 200) {
                    return;
                }
            } catch (IOException notListening) {
                // not yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " not ready within " + timeout + ":\n" + tail());
    }

    HttpResponse<String> get(String user, String path) throws IOException, InterruptedException {
        return send(user, "GET", path, null);
    }

    HttpResponse<String> post(String user, String path, String json) throws IOException, InterruptedException {
        return send(user, "POST", path, json);
    }

    private HttpResponse<String> send(String user, String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":demo")
                        .getBytes(StandardCharsets.UTF_8)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code kill -9}: the JVM ends at once, its transactions and locks left to the database and to expiry. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
