package uk.co.dcc.chfirmware.insight;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import uk.co.dcc.chfirmware.csv.SpreadsheetSafeCsv;
import uk.co.dcc.chfirmware.security.CurrentActor;
import uk.co.dcc.chfirmware.security.ForbiddenException;

/** The calling supplier's own estate (R20): a summary, a paged and filtered list, and a streamed CSV export. */
@RestController
@RequestMapping("/api/estate")
class SupplierEstateController {

    private final SupplierEstateView estate;
    private final CurrentActor actor;

    SupplierEstateController(SupplierEstateView estate, CurrentActor actor) {
        this.estate = estate;
        this.actor = actor;
    }

    @GetMapping("/summary")
    EstateSummary summary() {
        return estate.summary(supplier());
    }

    /** A page of hubs in GUID order; pass a page's {@code nextAfter} (its last GUID) as {@code after} to get the next. */
    @GetMapping("/hubs")
    HubPage hubs(@RequestParam(required = false) Long variantId, @RequestParam(required = false) String firmwareVersion,
                 @RequestParam(required = false) String region, @RequestParam(required = false) String configurationSet,
                 @RequestParam(required = false) Boolean vulnerable, @RequestParam(defaultValue = "") String after,
                 @RequestParam(defaultValue = "100") int limit) {
        int size = Math.max(1, Math.min(limit, 1_000));
        List<OwnHub> hubs = estate.hubs(supplier(), new HubFilter(variantId, firmwareVersion, region, configurationSet, vulnerable),
                after, size);
        String next = hubs.size() == size ? hubs.get(hubs.size() - 1).guid() : null;
        return new HubPage(hubs, next);
    }

    @GetMapping("/hubs.csv")
    void export(@RequestParam(required = false) Long variantId, @RequestParam(required = false) String firmwareVersion,
                @RequestParam(required = false) String region, @RequestParam(required = false) String configurationSet,
                @RequestParam(required = false) Boolean vulnerable, HttpServletResponse response) throws IOException {
        String supplier = supplier();
        SpreadsheetSafeCsv csv = SpreadsheetSafeCsv.download(response, "estate-" + supplier + ".csv",
                SupplierEstateView.CSV_HEADER);
        estate.exportCsv(supplier, new HubFilter(variantId, firmwareVersion, region, configurationSet, vulnerable), csv);
        csv.flush();
    }

    private String supplier() {
        return actor.supplierCode().orElseThrow(() -> new ForbiddenException("The estate view is a supplier's own"));
    }

    record HubPage(List<OwnHub> hubs, String nextAfter) {
    }
}
