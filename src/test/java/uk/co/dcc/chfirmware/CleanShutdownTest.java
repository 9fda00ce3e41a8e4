package uk.co.dcc.chfirmware;

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
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 10: a node shuts down cleanly (SIGTERM, as an operator or an orchestrator stops it) while a CSP's worker
 * long-polls the engine REST API for external tasks: the open long poll is answered as a poll that found nothing (200, no
 * tasks; the worker simply polls again), and the log of the shutdown has no stack trace. The node is a process of its own
 * (demo mode, its H2 database in the test's directory), as in {@code SafeDefaultsTest}: the tests' shared application
 * keeps the engine REST API's long-polling handler, which is one per JVM, to itself.
 */
class CleanShutdownTest {

    private static final Duration STARTUP = Duration.ofMinutes(4);
    private static final Pattern STACK_FRAME = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(");
    /** What the long-polling handler logs (at TRACE) once it holds a request: the test shuts the node down only then. */
    private static final String HOLDING = "Number of pending requests 1";

    @TempDir
    Path directory;

    @Test
    void shouldAnswerAnOpenLongPollAndLogNoStackTraceOnShutdown() throws Exception {
        int port = freePort();
        Process node = start("--server.port=" + port, "--chfw.demo.hubs=300", "--chfw.demo.csp-simulator.enabled=false",
                "--logging.level.org.camunda.bpm.engine.rest.impl.FetchAndLockHandlerImpl=TRACE");
        try {
            awaitStarted(node, port);
            CompletableFuture<HttpResponse<String>> longPoll = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/engine-rest/external-task/fetchAndLock"))
                    .header("Authorization", basic("csp-north"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"workerId": "csp-north-worker", "maxTasks": 1, "asyncResponseTimeout": 600000,
                             "topics": [{"topicName": "ch-firmware-upgrade", "lockDuration": 60000}]}"""))
                    .build(), HttpResponse.BodyHandlers.ofString());
            awaitLogged(node, HOLDING);
            int before = printed().length();

            node.destroy(); // SIGTERM
            assertThat(node.waitFor(2, TimeUnit.MINUTES)).as("the node stops").isTrue();

            HttpResponse<String> answer = longPoll.get(1, TimeUnit.MINUTES);
            String shutdownLog = printed().substring(before);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("[]");
            assertThat(shutdownLog).as("the log of the shutdown").isNotBlank();
            assertThat(STACK_FRAME.matcher(shutdownLog).find()).as("a stack trace in the log of the shutdown:\n" + shutdownLog)
                    .isFalse();
            assertThat(shutdownLog).as("the log of the shutdown").doesNotContain(" ERROR ")
                    .doesNotContain("Request rejected due to shutdown");
        } finally {
            if (node.isAlive()) {
                node.destroyForcibly();
            }
        }
    }

    /** Starts the application in the test's directory, with this JVM's classpath and no CHFW_* or SPRING_* variables. */
    private Process start(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(java(), "-Xmx768m", "-cp", System.getProperty("java.class.path"),
                ChFirmwareApplication.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(directory.resolve("application.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CHFW_") || name.startsWith("SPRING_"));
        return builder.start();
    }

    private void awaitStarted(Process node, int port) throws Exception {
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            assertThat(node.isAlive()).as(printed()).isTrue();
            try {
                HttpResponse<String> me = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/me")).header("Authorization", basic("csp-north")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (me.statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // starting
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("The node did not start within " + STARTUP + ": " + printed());
    }

    private void awaitLogged(Process node, String text) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(deadline) && !printed().contains(text)) {
            assertThat(node.isAlive()).as(printed()).isTrue();
            Thread.sleep(200);
        }
        assertThat(printed()).contains(text);
    }

    private String printed() throws IOException {
        return Files.readString(directory.resolve("application.log"));
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
