package uk.co.dcc.chfirmware.estate.imports;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import uk.co.dcc.chfirmware.estate.EstateUpdatedEvent;

/**
 * The estate import (docs/estate-import.md): a file is received into a temporary file, queued as a job and
 * run in the background. The job streams the file once, validating each line and loading it into staging
 * (COPY on PostgreSQL, JDBC batches on H2), finds duplicate GUIDs set-wise, and then either rejects the
 * whole file with its problems or applies it in one transaction. Only the current line is in memory.
 */
@Service
public class EstateImportService {

    private static final Logger LOG = LoggerFactory.getLogger(EstateImportService.class);
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

    private final ImportProperties properties;
    private final ImportJobs jobs;
    private final EstateMerge merge;
    private final JdbcTemplate jdbc;
    private final DataSource dataSource;
    private final ApplicationEventPublisher events;
    private final String node;
    private volatile ScheduledFuture<?> sweep;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(named("estate-import"));
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(named("estate-import-heartbeat"));

    EstateImportService(ImportProperties properties, ImportJobs jobs, EstateMerge merge, JdbcTemplate jdbc,
                        DataSource dataSource, ApplicationEventPublisher events) {
        this.properties = properties;
        this.jobs = jobs;
        this.merge = merge;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.events = events;
        this.node = nodeName();
    }

    /**
     * Receives a file (refusing it beyond the configured size), queues it and starts it; the job's id is
     * returned at once. Refused with {@link ImportAlreadyRunningException} while another import runs.
     */
    public long submit(InputStream body, long declaredLength, String fileName, String submittedBy) throws IOException {
        long max = properties.maxUploadSize().toBytes();
        if (declaredLength > max) {
            throw new UploadTooLargeException(properties.maxUploadSize());
        }
        Files.createDirectories(properties.uploadDirectoryOrDefault());
        Path file = Files.createTempFile(properties.uploadDirectoryOrDefault(), "estate-import-", ".csv");
        long jobId;
        try {
            long size = receive(body, file, max);
            jobId = jobs.queue(fileName, size, submittedBy, node, properties.staleAfter());
        } catch (RuntimeException | IOException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        LOG.info("Estate import {}: queued {} ({} bytes) from {}", jobId, fileName, Files.size(file), submittedBy);
        runner.execute(() -> run(jobId, file));
        return jobId;
    }

    /** The job as it stands; one whose node's heartbeat lapsed is marked FAILED first, by whichever node is asked. */
    public ImportJobView job(long jobId) {
        jobs.failLapsed(properties.staleAfter());
        return jobs.view(jobId, properties.maxReportedProblems());
    }

    public List<ImportJobView> recent(int limit) {
        jobs.failLapsed(properties.staleAfter());
        return jobs.recent(limit);
    }

    /**
     * At start-up, and then every heartbeat interval, on every node: imports whose node's heartbeat lapsed are marked
     * FAILED with the reason, and so are those recorded as running on this very node (a restart reusing the host name and
     * process id, as a container's process 1 does), which this process cannot be running. Nothing waits for the next
     * import to notice.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void recoverAbandonedImports() {
        int restarted = jobs.failRunningOn(node);
        if (restarted > 0) {
            LOG.warn("Estate import: {} import(s) of this node ({}) ended FAILED: the node restarted while they ran", restarted, node);
        }
        failLapsed();
        if (sweep == null) {
            long every = properties.heartbeatInterval().toMillis();
            sweep = heartbeats.scheduleWithFixedDelay(this::failLapsed, every, every, TimeUnit.MILLISECONDS);
        }
    }

    private void failLapsed() {
        try {
            int failed = jobs.failLapsed(properties.staleAfter());
            if (failed > 0) {
                LOG.warn("Estate import: {} import(s) ended FAILED: their node sent no heartbeat for {}", failed,
                        properties.staleAfter());
            }
        } catch (RuntimeException e) {
            LOG.warn("Estate import: could not look for imports whose node died: {}", e.getMessage());
        }
    }

    private long receive(InputStream body, Path file, long max) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long size = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            int read;
            while ((read = body.read(buffer)) > 0) {
                size += read;
                if (size > max) {
                    throw new UploadTooLargeException(properties.maxUploadSize());
                }
                out.write(buffer, 0, read);
            }
        }
        return size;
    }

    /**
     * Runs the job; its end (rejected, succeeded or failed) is recorded together with the release of the import lock, after
     * the staging tables are cleared, so that the next import can start as soon as this one is seen to have ended.
     */
    private void run(long jobId, Path file) {
        ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> beat(jobId),
                properties.heartbeatInterval().toMillis(), properties.heartbeatInterval().toMillis(), TimeUnit.MILLISECONDS);
        Runnable end;
        MergeCounts applied = null;
        try {
            jobs.started(jobId);
            merge.clearStaging();
            Validation validation = validateAndStage(jobId, file);
            if (validation.problemCount() > 0) {
                end = rejected(jobId, validation);
            } else {
                jobs.step(jobId, ImportStatus.APPLYING, "writing the estate");
                long started = System.nanoTime();
                MergeCounts counts = null;
                Validation duplicates = null;
                try {
                    counts = merge.apply(validation.rows(), validation.duplicatesChecked(), step -> {
                        jobs.step(jobId, ImportStatus.APPLYING, step);
                        LOG.info("Estate import {}: APPLYING, {}", jobId, step);
                    });
                } catch (DuplicateKeyException | EstateMerge.DuplicateGuidsException e) {
                    // Rolled back. Without the check before (an empty estate), the GUIDs' uniqueness in the estate is it.
                    duplicates = validation.duplicatesChecked() ? null : withDuplicates(validation);
                    if (duplicates == null || duplicates.problemCount() == 0) {
                        throw e;
                    }
                }
                if (duplicates != null) {
                    end = rejected(jobId, duplicates);
                } else {
                    MergeCounts written = counts;
                    applied = written;
                    end = () -> jobs.succeeded(jobId, written);
                    LOG.info("Estate import {}: SUCCEEDED, {} inserted, {} updated, {} unchanged; estate written in {} ms",
                            jobId, written.inserted(), written.updated(), written.unchanged(),
                            (System.nanoTime() - started) / 1_000_000);
                }
            }
        } catch (Exception e) {
            // The job's message is read over the API: the problem id, not the exception (which may quote SQL).
            String problemId = java.util.UUID.randomUUID().toString();
            LOG.error("Estate import {} failed (problem {})", jobId, problemId, e);
            end = () -> jobs.failed(jobId, "The import failed and nothing of it was stored; tell DCC's support the problem id "
                    + problemId);
        } finally {
            heartbeat.cancel(false);
            try {
                merge.clearStaging();
            } catch (RuntimeException e) {
                LOG.warn("Estate import {}: could not clear staging", jobId, e);
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Estate import {}: could not delete {}", jobId, file, e);
            }
        }
        if (applied != null && applied.inserted() + applied.updated() > 0) {
            // Rollouts holding hubs back (a HAN prerequisite, R23) or waiting for new hubs in an approved set (R28) look again
            // at once, before the job says it ended: whoever follows the job finds the rollouts woken.
            try {
                events.publishEvent(new EstateUpdatedEvent("estate import " + jobId));
            } catch (RuntimeException e) {
                LOG.warn("Estate import {}: the rollouts could not be woken; they look again at their next recheck", jobId, e);
            }
        }
        jobs.end(jobId, end);
    }

    private Validation validateAndStage(long jobId, Path file) throws IOException, SQLException {
        ImportReferenceData reference = ImportReferenceData.load(jdbc);
        int cap = properties.maxReportedProblems();
        List<ImportProblem> kept = new ArrayList<>();
        long[] problemCount = {0};
        java.util.function.Consumer<ImportProblem> problems = problem -> {
            problemCount[0]++;
            if (kept.size() < cap) {
                kept.add(problem);
            }
        };
        long fileBytes = Files.size(file);
        long rows = 0;
        long started = System.nanoTime();
        long lastProgress = started;
        long lastLog = started;
        long logEvery = properties.progressLogInterval().toNanos();
        try (EstateCsvReader reader = new EstateCsvReader(Files.newInputStream(file)); StagingLoad load = openLoad()) {
            EstateCsv.Layout layout = header(reader, problems);
            if (layout == null) {
                return new Validation(0, kept, problemCount[0], true);
            }
            EstateRowValidator validator = new EstateRowValidator(reference, layout);
            while (reader.next()) {
                rows++;
                if (reader.problem() != null) {
                    problems.accept(new ImportProblem(reader.lineNo(), null, reader.problem()));
                } else {
                    ImportRow row = validator.validate(reader.lineNo(), reader.text(), problems);
                    if (row != null) {
                        load.add(row);
                    }
                }
                if ((rows & 1023) == 0) {
                    long now = System.nanoTime();
                    if (now - lastProgress > PROGRESS_EVERY_NANOS) {
                        lastProgress = now;
                        jobs.progress(jobId, rows, reader.bytesRead());
                        if (now - lastLog > logEvery) {
                            lastLog = now;
                            logProgress(jobId, rows, reader.bytesRead(), fileBytes, now - started);
                        }
                    }
                }
            }
            load.finish();
            jobs.validated(jobId, rows, fileBytes);
        }
        Validation validation = new Validation(rows, kept, problemCount[0], false);
        if (problemCount[0] == 0 && merge.estateIsEmpty()) {
            // Every line is a new hub: the estate's unique GUID index, built or kept as the hubs go in, refuses a GUID twice,
            // and only then are the duplicates looked for, to report them (run), instead of one aggregate over every line.
            LOG.info("Estate import {}: VALIDATING, {} lines read and staged in {} ms; the estate is empty, so its unique "
                    + "GUID index checks for duplicates", jobId, rows, (System.nanoTime() - started) / 1_000_000);
            return validation;
        }
        jobs.step(jobId, ImportStatus.VALIDATING, "looking for duplicate GUIDs");
        LOG.info("Estate import {}: VALIDATING, {} lines read and staged in {} ms; looking for duplicate GUIDs", jobId, rows,
                (System.nanoTime() - started) / 1_000_000);
        return withDuplicates(validation);
    }

    /** The end of a job whose file has problems (nothing stored), logged now. */
    private Runnable rejected(long jobId, Validation validation) {
        LOG.info("Estate import {}: REJECTED, {} problem(s) in {} lines; nothing stored", jobId, validation.problemCount(),
                validation.rows());
        return () -> jobs.rejected(jobId, validation.problems(), validation.problemCount());
    }

    /** The validation with the staged lines' duplicate GUIDs added to its problems (up to the reported cap). */
    private Validation withDuplicates(Validation validation) {
        List<ImportProblem> kept = new ArrayList<>(validation.problems());
        long problemCount = validation.problemCount();
        long duplicates = merge.countDuplicateLines();
        if (duplicates > 0) {
            kept.addAll(merge.duplicates(Math.max(0, properties.maxReportedProblems() - kept.size())));
            problemCount += duplicates;
        }
        return new Validation(validation.rows(), kept, problemCount, true);
    }

    /**
     * The header must be exactly the documented one, optionally followed by the premises' marks; a file with another
     * header is not read further (null).
     */
    private static EstateCsv.Layout header(EstateCsvReader reader, java.util.function.Consumer<ImportProblem> problems)
            throws IOException {
        if (!reader.next()) {
            problems.accept(new ImportProblem(1, null, "the file is empty; it must start with the header " + EstateCsv.HEADER));
            return null;
        }
        if (reader.problem() != null) {
            problems.accept(new ImportProblem(1, null, reader.problem()));
            return null;
        }
        EstateCsv.Layout layout = EstateCsv.Layout.of(reader.text());
        if (layout != null) {
            return layout;
        }
        String[] found = EstateCsv.split(reader.text(), EstateCsv.COLUMNS.size());
        String where = "";
        if (found != null) {
            for (int i = 0; i < Math.max(found.length, EstateCsv.COLUMNS.size()); i++) {
                String actual = i < found.length ? found[i] : "(nothing)";
                if (i >= EstateCsv.COLUMNS.size()) {
                    if (!EstateCsv.MARK_COLUMNS.contains(actual) || List.of(found).subList(0, i).contains(actual)) {
                        where = "; column " + (i + 1) + " is '" + actual + "' where " + String.join(" or ", EstateCsv.MARK_COLUMNS)
                                + " (each at most once) or nothing is expected";
                        break;
                    }
                    continue;
                }
                String expected = EstateCsv.COLUMNS.get(i);
                if (!expected.equals(actual)) {
                    where = "; column " + (i + 1) + " is '" + actual + "' where '" + expected + "' is expected";
                    break;
                }
            }
        }
        problems.accept(new ImportProblem(1, null, "the header must be exactly " + EstateCsv.HEADER
                + ", optionally followed by " + String.join(" and/or ", EstateCsv.MARK_COLUMNS) + where));
        return null;
    }

    private StagingLoad openLoad() throws SQLException {
        return merge.postgres() ? new PostgresCopyLoad(dataSource.getConnection()) : new JdbcBatchLoad(dataSource.getConnection());
    }

    private void logProgress(long jobId, long rows, long bytes, long fileBytes, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        long left = bytes == 0 ? 0 : Math.round(seconds * (fileBytes - bytes) / bytes);
        LOG.info("Estate import {}: VALIDATING, {} lines read ({}% of the file), {} lines/s, about {} s left to read",
                jobId, rows, fileBytes == 0 ? 100 : bytes * 100 / fileBytes, Math.round(rows / seconds), left);
    }

    private void beat(long jobId) {
        try {
            jobs.heartbeat(jobId);
        } catch (RuntimeException e) {
            LOG.warn("Estate import {}: heartbeat failed", jobId, e);
        }
    }

    @PreDestroy
    void stop() {
        runner.shutdownNow();
        heartbeats.shutdownNow();
    }

    private static String nodeName() {
        try {
            return InetAddress.getLocalHost().getHostName() + "/" + ProcessHandle.current().pid();
        } catch (IOException e) {
            return "node/" + ProcessHandle.current().pid();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The staged file's problems; {@code duplicatesChecked} false when its duplicate GUIDs are left to the estate's index. */
    private record Validation(long rows, List<ImportProblem> problems, long problemCount, boolean duplicatesChecked) {
    }
}
