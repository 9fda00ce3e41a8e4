package uk.co.dcc.chfirmware.estate.ledger;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Collapses the estate counts' appended rows now and then ({@link EstateCounts#compact()}), so that a summary reads
 * one row per count plus what changed since; every minute by default ({@code chfw.estate-counts.compaction-interval}).
 * On several nodes each compacts; compactions of the same rows queue rather than collide.
 */
@Configuration
@EnableScheduling
class EstateCountsCompaction {

    private final EstateCounts counts;

    EstateCountsCompaction(EstateCounts counts) {
        this.counts = counts;
    }

    @Scheduled(fixedDelayString = "${chfw.estate-counts.compaction-interval:PT1M}",
            initialDelayString = "${chfw.estate-counts.compaction-interval:PT1M}")
    void compact() {
        counts.compact();
    }
}
