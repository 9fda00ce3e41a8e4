package uk.co.dcc.chfirmware.estate.imports;

import org.springframework.util.unit.DataSize;

/** The uploaded file is larger than chfw.import.max-upload-size. */
public class UploadTooLargeException extends RuntimeException {

    public UploadTooLargeException(DataSize max) {
        super("The file is larger than the " + max.toMegabytes() + " MB (" + max.toBytes() + " bytes) an estate import "
                + "accepts (chfw.import.max-upload-size); split it into several files of whole comms hubs.");
    }
}
