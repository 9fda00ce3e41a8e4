package uk.co.dcc.chfirmware.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import uk.co.dcc.chfirmware.cli.GenerateEstateCommand;
import uk.co.dcc.chfirmware.estate.imports.EstateCsv;
import uk.co.dcc.chfirmware.estate.imports.EstateImportService;
import uk.co.dcc.chfirmware.estate.imports.ImportJobView;
import uk.co.dcc.chfirmware.estate.imports.ImportStatus;

/**
 * The estate import of comms hubs with their devices (issue 3, item 7) against a raw {@code COPY} of the same CSV
 * into a plain table of text columns in the same run: the product's import as DCC starts it (the service behind
 * {@code POST /api/imports}, into an empty estate, waiting for its job), then the ceiling it is compared with.
 */
final class EstateImportBenchmark {

    static final String NAME = "estate import";
    /** Every column of the file {@code generate-estate} writes (the required ones and both premises' marks). */
    private static final String COLUMNS = EstateCsv.HEADER_WITH_MARKS.replace(",", ", ");

    private final EstateImportService imports;
    private final DataSource dataSource;

    EstateImportBenchmark(EstateImportService imports, DataSource dataSource) {
        this.imports = imports;
        this.dataSource = dataSource;
    }

    /** Writes {@code hubs} synthetic hubs with their devices as an import file, as {@code generate-estate} does. */
    Path writeCsv(long hubs) {
        try {
            Path file = Files.createTempFile("bench-estate-", ".csv");
            GenerateEstateCommand.write(hubs, 20190131L, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Imports the file with the product's import; returns the milliseconds from the upload to the job's end. */
    double importEstate(Path csv, long hubs) {
        long started = System.nanoTime();
        long jobId;
        try (InputStream body = Files.newInputStream(csv)) {
            jobId = imports.submit(body, Files.size(csv), csv.getFileName().toString(), "bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImportJobView job = imports.job(jobId);
        while (!job.status().finished()) {
            sleep();
            job = imports.job(jobId);
        }
        double millis = (System.nanoTime() - started) / 1e6;
        assertThat(job.status()).as("the import job: %s", job.message()).isEqualTo(ImportStatus.SUCCEEDED);
        assertThat(job.inserted()).isEqualTo(hubs);
        return millis;
    }

    /** Copies the same file raw into a plain unlogged table of text columns; returns the milliseconds. */
    double rawCopy(Path csv) {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS bench_raw_estate");
            sql.execute("CREATE UNLOGGED TABLE bench_raw_estate (" + COLUMNS.replace(",", " TEXT,") + " TEXT)");
            long started = System.nanoTime();
            try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY bench_raw_estate FROM STDIN (FORMAT csv, HEADER true)", reader);
            }
            double millis = (System.nanoTime() - started) / 1e6;
            sql.execute("DROP TABLE bench_raw_estate");
            return millis;
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("raw COPY failed", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
