package uk.co.dcc.chfirmware.estate.imports;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code chfw.import.*}: the largest file accepted, how many problems a rejection keeps, how often a running import's
 * node writes its heartbeat and after how long without one the import counts as dead (marked FAILED by any node that
 * sees it, so that a new import may start), where uploads wait, and how often progress is logged.
 */
@ConfigurationProperties("chfw.import")
public record ImportProperties(@DefaultValue("8GB") DataSize maxUploadSize,
                               @DefaultValue("1000") int maxReportedProblems,
                               @DefaultValue("20s") Duration staleAfter,
                               Path uploadDirectory,
                               @DefaultValue("5s") Duration progressLogInterval,
                               @DefaultValue("5s") Duration heartbeatInterval) {

    public ImportProperties {
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero() || staleAfter.compareTo(heartbeatInterval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("chfw.import.stale-after must be at least three times chfw.import.heartbeat-interval "
                    + "(a live import must not be taken for dead over one slow heartbeat)");
        }
    }

    Path uploadDirectoryOrDefault() {
        return uploadDirectory != null ? uploadDirectory : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
