package uk.co.dcc.chfirmware.estate.imports;

/** No import job with this id. */
public class ImportNotFoundException extends RuntimeException {

    public ImportNotFoundException(long id) {
        super("No estate import " + id);
    }
}
