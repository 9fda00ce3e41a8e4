package uk.co.dcc.chfirmware.estate.imports;

/** Where an import job is: waiting, reading and checking the file, writing the estate, or done one of three ways. */
public enum ImportStatus {
    QUEUED, VALIDATING, APPLYING, SUCCEEDED, REJECTED, FAILED;

    public boolean finished() {
        return this == SUCCEEDED || this == REJECTED || this == FAILED;
    }
}
