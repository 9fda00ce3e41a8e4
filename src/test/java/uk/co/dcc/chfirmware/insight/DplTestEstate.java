package uk.co.dcc.chfirmware.insight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import uk.co.dcc.chfirmware.ApiClient;
import uk.co.dcc.chfirmware.estate.imports.EstateCsv;

/** Hubs the DPL tests move from set to set, through the product's own import as DCC. */
public final class DplTestEstate {

    private DplTestEstate() {
    }

    /**
     * 30 Solent hubs of aurora's in Central and South, a third of them split with brightwatt, under a GUID prefix of the
     * test's own ({@code 00-1B-DA}), with the ESME and CH firmware given: estate CSV lines without the header.
     */
    public static List<String> auroraHubs(String guidPrefix, String esmeFirmware, String chFirmware) {
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= 30; n++) {
            boolean split = n % 3 == 0;
            lines.add(String.join(",", String.format("%s-00-00-00-00-%02X", guidPrefix, n), "Solent Technology", "ST-HUB", "1.2",
                    chFirmware, "CENTRAL_SOUTH", "aurora", split ? "brightwatt" : "", "2022-02-02", "false", split ? "CS-01" : "CS-03",
                    "Lumen E2", esmeFirmware, split ? "Quill G1" : "", split ? "1.9" : "", "Beacon", "3.1", "", ""));
        }
        return lines;
    }

    /** Imports the lines as DCC and waits until the import has succeeded. */
    public static void importEstate(ApiClient api, List<String> lines) {
        String file = EstateCsv.HEADER + "\n" + String.join("\n", lines) + "\n";
        long jobId = api.json(api.post("dcc", "/api/imports?fileName=dpl.csv", "text/csv", file), 202).get("id").asLong();
        JsonNode job = api.awaitImportEnd(jobId);
        assertThat(job.get("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
    }
}
