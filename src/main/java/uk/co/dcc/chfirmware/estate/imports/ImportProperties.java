package uk.co.dcc.chfirmware.estate.imports;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code chfw.import.*}: the largest file accepted, how many problems a rejection keeps, when a running
 * import whose node went silent may be taken over, where uploads wait, and how often progress is logged.
 */
@ConfigurationProperties("chfw.import")
public record ImportProperties(@DefaultValue("8GB") DataSize maxUploadSize,
                               @DefaultValue("1000") int maxReportedProblems,
                               @DefaultValue("60s") Duration staleAfter,
                               Path uploadDirectory,
                               @DefaultValue("5s") Duration progressLogInterval) {

    Path uploadDirectoryOrDefault() {
        return uploadDirectory != null ? uploadDirectory : Path.of(System.getProperty("java.io.tmpdir"));
    }
}
