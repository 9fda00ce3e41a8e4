package uk.co.dcc.chfirmware.rollout.waves;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import uk.co.dcc.chfirmware.rollout.HeldBackCounts;
import uk.co.dcc.chfirmware.rollout.HubsHeldBack;
import uk.co.dcc.chfirmware.shared.CspRegion;

/**
 * The held-back figures as the rollout views and the release page read them (issue 11): counted by the publication's
 * own conditions ({@link HubPublication#heldBack}, one pass over the variant's hubs still to go), kept in
 * {@code held_back_figures} (V73) per release and viewer scope (a CSP region or every region, a supplier's own hubs or
 * every hub) with when they were counted, and read again from there, a row, while both hold:
 * <ul>
 *   <li>nothing that may move them has happened since ({@link HeldBackEpochs}: the epoch they were counted at stands);</li>
 *   <li>they are younger than {@code chfw.rollout.held-back-max-age} (default one minute): time alone moves some of
 *       them (an undecided supplier's cut-off passing, a new install growing older than its rule's days), and the age
 *       also bounds a change the epochs missed.</li>
 * </ul>
 * The figures and the epochs are in the database, so a change on one application node is seen at the next read on every
 * other. Figures counted in a clock's future (a clock set back) are counted again.
 */
@Service
public class HeldBackFigures implements HeldBackCounts {

    private static final Logger LOG = LoggerFactory.getLogger(HeldBackFigures.class);

    /** The scope column's value for every region, or every supplier. */
    private static final String EVERY = "*";

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final HubPublication publication;
    private final HeldBackEpochs epochs;
    private final Duration maxAge;
    private final TransactionTemplate ownTransaction;

    HeldBackFigures(JdbcTemplate jdbc, Clock clock, HubPublication publication, HeldBackEpochs epochs,
                    PlatformTransactionManager transactions,
                    @Value("${chfw.rollout.held-back-max-age:PT1M}") Duration maxAge) {
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("chfw.rollout.held-back-max-age must not be negative");
        }
        this.jdbc = jdbc;
        this.clock = clock;
        this.publication = publication;
        this.epochs = epochs;
        this.maxAge = maxAge;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The figures counted last for the scope if they still hold, otherwise counted now and kept. */
    @Override
    public HubsHeldBack heldBack(long releaseId, CspRegion region, String supplierCode) {
        String regionKey = region == null ? EVERY : region.name();
        String supplierKey = supplierCode == null ? EVERY : supplierCode;
        long epoch = epochs.of(releaseId);
        Instant now = clock.instant();
        List<HubsHeldBack> kept = jdbc.query("""
                SELECT withheld_by_suppliers, suspended_by_flags, waiting_as_new_installs, awaiting_prerequisite,
                       awaiting_supplier_prerequisites, counted_at
                FROM held_back_figures WHERE release_id = ? AND csp_region = ? AND supplier_code = ? AND epoch = ?
                AND counted_at <= ? AND counted_at > ?""", (rs, row) -> new HubsHeldBack(rs.getLong(1), rs.getLong(2),
                rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getTimestamp(6).toInstant()), releaseId, regionKey,
                supplierKey, epoch, Timestamp.from(now), Timestamp.from(now.minus(maxAge)));
        if (!kept.isEmpty()) {
            return kept.get(0);
        }
        HubsHeldBack figures = publication.heldBack(releaseId, region, supplierCode);
        keep(releaseId, regionKey, supplierKey, epoch, figures);
        return figures;
    }

    private void keep(long releaseId, String region, String supplier, long epoch, HubsHeldBack figures) {
        try {
            ownTransaction.executeWithoutResult(status -> {
                jdbc.update("DELETE FROM held_back_figures WHERE release_id = ? AND csp_region = ? AND supplier_code = ?",
                        releaseId, region, supplier);
                jdbc.update("""
                        INSERT INTO held_back_figures (release_id, csp_region, supplier_code, epoch, counted_at,
                            withheld_by_suppliers, suspended_by_flags, waiting_as_new_installs, awaiting_prerequisite,
                            awaiting_supplier_prerequisites) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", releaseId, region,
                        supplier, epoch, Timestamp.from(figures.countedAt()), figures.withheldBySuppliers(),
                        figures.suspendedByFlags(), figures.waitingAsNewInstalls(), figures.awaitingPrerequisite(),
                        figures.awaitingSupplierPrerequisites());
            });
        } catch (DataAccessException e) {
            // another node or request kept the scope's figures at the same moment: theirs stand, these are shown
            LOG.debug("Held-back figures of release {} ({}, {}) not kept: {}", releaseId, region, supplier, e.getMessage());
        }
    }
}
