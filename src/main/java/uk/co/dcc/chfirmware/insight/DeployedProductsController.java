package uk.co.dcc.chfirmware.insight;

import io.swagger.v3.oas.annotations.Operation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.security.Actors;
import uk.co.dcc.chfirmware.security.CurrentActor;
import uk.co.dcc.chfirmware.security.ForbiddenException;

/**
 * The deployed products list and its trend (R32, R33): a supplier its own; DCC alone the industry's, and the snapshot on
 * demand. CSPs and DCC Testing have neither.
 */
@RestController
@RequestMapping("/api/dpl")
class DeployedProductsController {

    private final DeployedProducts products;
    private final DplSnapshots snapshots;
    private final CurrentActor actor;

    DeployedProductsController(DeployedProducts products, DplSnapshots snapshots, CurrentActor actor) {
        this.products = products;
        this.snapshots = snapshots;
        this.actor = actor;
    }

    @Operation(summary = "The calling supplier's own DPL: its comms hubs by configuration set (CH variant and firmware, "
            + "HAN devices' models and firmware)")
    @GetMapping
    DeployedProducts.OwnDpl own() {
        return products.own(supplier());
    }

    @Operation(summary = "The calling supplier's own DPL day by day: hubs by configuration set and by CH firmware version, "
            + "from the daily snapshots of the last `days` days (1 to 1,000)")
    @GetMapping("/trend")
    DplSnapshots.Trend ownTrend(@RequestParam(defaultValue = "90") int days) {
        return snapshots.trend(supplier(), days(days));
    }

    @Operation(summary = "DCC only: the industry-wide DPL, every comms hub once, by configuration set with its volumes by "
            + "CSP region and the number of suppliers that have it")
    @GetMapping("/industry")
    DeployedProducts.IndustryDpl industry() {
        requireDcc();
        return products.industry();
    }

    @Operation(summary = "DCC only: the industry-wide DPL day by day, by configuration set and by CH firmware version")
    @GetMapping("/industry/trend")
    DplSnapshots.Trend industryTrend(@RequestParam(defaultValue = "90") int days) {
        requireDcc();
        return snapshots.trend(DplSnapshots.INDUSTRY, days(days));
    }

    @Operation(summary = "DCC only: takes today's DPL snapshot now, replacing one already taken today")
    @PostMapping("/snapshots")
    DplSnapshots.Snapshot snapshot() {
        requireDcc();
        return snapshots.take(snapshots.today(), true);
    }

    private String supplier() {
        return actor.supplierCode().orElseThrow(() -> new ForbiddenException(
                "The DPL at /api/dpl is a supplier's own; DCC reads the industry's at /api/dpl/industry"));
    }

    private void requireDcc() {
        if (!actor.isIn(Actors.DCC)) {
            throw new ForbiddenException("The industry-wide DPL is DCC's alone");
        }
    }

    private static int days(int days) {
        if (days < 1 || days > 1_000) {
            throw new IllegalArgumentException("days: must be between 1 and 1000");
        }
        return days;
    }
}
