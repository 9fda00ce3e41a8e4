package uk.co.dcc.chfirmware.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.co.dcc.chfirmware.estate.imports.EstateCsv;

/** The command line without the application: generate-estate is deterministic, mistakes are explained. */
class CommandLineTest {

    @TempDir Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldGenerateByteIdenticalFilesFromTheSameSeed() throws Exception {
        Path one = dir.resolve("one.csv");
        Path two = dir.resolve("two.csv");
        Path other = dir.resolve("other.csv");

        assertThat(run("generate-estate", "--hubs", "5000", "--seed", "7", "--out", one.toString())).isZero();
        assertThat(run("generate-estate", "--hubs", "5000", "--seed", "7", "--out", two.toString())).isZero();
        assertThat(run("generate-estate", "--hubs", "5000", "--seed", "8", "--out", other.toString())).isZero();

        assertThat(Files.readAllBytes(one)).isEqualTo(Files.readAllBytes(two));
        assertThat(Files.readAllBytes(one)).isNotEqualTo(Files.readAllBytes(other));
        assertThat(Files.readAllLines(one)).hasSize(5_001).first().isEqualTo(EstateCsv.HEADER_WITH_MARKS);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Wrote 5000 comms hubs (seed 7)");
    }

    @Test
    void shouldExplainAMistakeInTheArguments() {
        assertThat(run("generate-estate", "--hubs", "10")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--out is required").contains("usage: generate-estate");
        assertThat(run("generate-estate", "--hubs", "ten", "--out", "x.csv")).isEqualTo(2);
        assertThat(run("import-estate", "--fiel", "x.csv")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option --fiel");
        assertThat(run("no-such-command")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("generate-estate").contains("import-estate");
    }

    @Test
    void shouldLeaveSpringOptionsToTheApplication() {
        assertThat(Commands.requested(new String[] {"--server.port=9090"})).isFalse();
        assertThat(Commands.requested(new String[0])).isFalse();
        assertThat(Commands.requested(new String[] {"generate-estate"})).isTrue();
    }

    @Test
    void shouldFailClearlyWhenNoApplicationAnswers() throws Exception {
        Path file = dir.resolve("e.csv");
        Files.writeString(file, EstateCsv.HEADER + "\n");
        assertThat(run("import-estate", "--file", file.toString(), "--url", "http://127.0.0.1:9")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("import-estate failed");
    }

    private int run(String... args) {
        return Commands.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
