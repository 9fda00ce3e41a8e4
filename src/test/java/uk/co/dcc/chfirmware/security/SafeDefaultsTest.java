package uk.co.dcc.chfirmware.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import uk.co.dcc.chfirmware.ChFirmwareApplication;

/**
 * Outside demo mode nothing is left open by default (item 9 of "Trust"): without an administrator password, or with
 * one the password policy refuses, the application does not start and says which variable to set; started properly,
 * its embedded H2 database is reachable in-process only, its directory and files are its own user's, and the only
 * account is the administrator with its own password. These start the application itself, outside the shared test
 * context, as an operator would.
 */
@ExtendWith(OutputCaptureExtension.class)
class SafeDefaultsTest {

    private static final String STRONG = "Str0ng#Operator-Pass";

    @Test
    void shouldRefuseToStartOutsideDemoModeWithoutAnAdministratorPassword(CapturedOutput output) {
        assertThatThrownBy(() -> startAndStop("--chfw.demo.enabled=false", "--chfw.admin.password=", inMemoryDatabase()))
                .isInstanceOf(UnsafeConfigurationException.class)
                .hasMessageContaining("No administrator password is configured and demo mode is off")
                .hasMessageContaining("CHFW_ADMIN_PASSWORD");
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Set the environment variable CHFW_ADMIN_PASSWORD");
    }

    @Test
    void shouldRefuseToStartOnThePostgresProfileWithoutAnAdministratorPassword() {
        // no database is needed: the application stops before it opens one
        assertThatThrownBy(() -> startAndStop("--spring.profiles.active=postgres", "--chfw.admin.password="))
                .isInstanceOf(UnsafeConfigurationException.class).hasMessageContaining("CHFW_ADMIN_PASSWORD");
    }

    @Test
    void shouldRefuseToStartOutsideDemoModeWithAWeakAdministratorPassword() {
        assertThatThrownBy(() -> startAndStop("--chfw.demo.enabled=false", "--chfw.admin.password=demo", inMemoryDatabase()))
                .isInstanceOf(UnsafeConfigurationException.class).hasMessageContaining("does not meet the password policy")
                .hasMessageContaining("at least 10 characters").hasMessageContaining("upper-case")
                .hasMessageContaining("CHFW_ADMIN_PASSWORD");
    }

    @Test
    void shouldStartWithItsDatabaseInProcessAndOwnerOnlyAndOnlyTheAdministrator(@TempDir Path temp) throws Exception {
        String configured = new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yaml"))
                .get(0).getProperty("spring.datasource.url").toString();
        assertThat(configured).startsWith("jdbc:h2:file:./data/");
        Path data = temp.resolve("data");
        String url = configured.replace("./data", data.toString());

        try (ConfigurableApplicationContext application = start("--chfw.demo.enabled=false",
                "--chfw.demo.csp-simulator.enabled=false", "--chfw.admin.password=" + STRONG,
                "--camunda.bpm.job-execution.enabled=false", "--spring.datasource.url=" + url)) {
            assertThat(Files.getPosixFilePermissions(data)).isEqualTo(H2DatabaseFiles.OWNER_ONLY_DIRECTORY);
            List<Path> files;
            try (Stream<Path> listed = Files.list(data)) {
                files = listed.toList();
            }
            assertThat(files).isNotEmpty().allSatisfy(file ->
                    assertThat(Files.getPosixFilePermissions(file)).as(file.toString()).isEqualTo(H2DatabaseFiles.OWNER_ONLY_FILE));

            // another local process cannot open it, not even through H2's automatic server
            assertThat(otherProcessReads(url + ";AUTO_SERVER=TRUE")).contains("Database may be already in use");

            int port = ((WebServerApplicationContext) application).getWebServer().getPort();
            assertThat(status(port, "admin", STRONG)).isEqualTo(200);
            assertThat(status(port, "admin", "demo")).isEqualTo(401);
            assertThat(status(port, "dcc", "demo")).isEqualTo(401);
        }
    }

    /** What H2's own shell, run as another process on this machine, prints when it tries to read the users. */
    private static String otherProcessReads(String url) throws Exception {
        Path h2 = Path.of(org.h2.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Process shell = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                h2.toString(), "org.h2.tools.Shell", "-url", url, "-user", "sa", "-password", "",
                "-sql", "SELECT COUNT(*) FROM ACT_ID_USER").redirectErrorStream(true).start();
        String printed = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(shell.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return printed;
    }

    /** The application as an operator starts it, with the given arguments, on a free port. */
    private static ConfigurableApplicationContext start(String... args) {
        String[] withPort = Stream.concat(Stream.of(args), Stream.of("--server.port=0")).toArray(String[]::new);
        return SpringApplication.run(ChFirmwareApplication.class, withPort);
    }

    /** Starts the application and, should it start, stops it again. */
    private static void startAndStop(String... args) {
        start(args).close();
    }

    private static String inMemoryDatabase() {
        return "--spring.datasource.url=jdbc:h2:mem:safe-defaults;DB_CLOSE_DELAY=-1";
    }

    private static int status(int port, String user, String password) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/engine-rest/user/" + user + "/profile"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
