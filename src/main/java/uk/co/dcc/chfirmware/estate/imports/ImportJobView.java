package uk.co.dcc.chfirmware.estate.imports;

import java.time.Instant;
import java.util.List;

/**
 * An import job as the API shows it. {@code rowsPerSecond} is data lines per second since the job started;
 * {@code secondsLeft} estimates the rest of the current phase (reading and checking the file), null once
 * the estate is being written. {@code problems} holds the first problems found (at most
 * chfw.import.max-reported-problems), {@code problemCount} all of them; null in lists.
 */
public record ImportJobView(long id, ImportStatus status, String step, String fileName, long fileBytes, long bytesDone,
                            long rowsDone, Long rowsTotal, Double rowsPerSecond, Long secondsLeft, Long inserted,
                            Long updated, Long unchanged, long problemCount, String message, String submittedBy,
                            String node, Instant submittedAt, Instant startedAt, Instant finishedAt,
                            List<ImportProblem> problems) {
}
