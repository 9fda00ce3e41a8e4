package uk.co.dcc.chfirmware.estate.imports;

import java.sql.SQLException;

/** Loads validated rows into {@code estate_import_staging}, streaming; {@link #finish()} makes them visible. */
interface StagingLoad extends AutoCloseable {

    String COLUMNS = "line_no, guid, variant_id, firmware_version, csp_region, electricity_supplier, gas_supplier, "
            + "install_date, vulnerable, configuration_set_id, esme_model, esme_firmware, gsme_model, gsme_firmware, "
            + "ihd_model, ihd_firmware, ppmid_model, ppmid_firmware, consenting, high_risk, han_signature";

    void add(ImportRow row) throws SQLException;

    void finish() throws SQLException;

    /** Releases the connection; rows not finished are discarded. */
    @Override
    void close() throws SQLException;
}
