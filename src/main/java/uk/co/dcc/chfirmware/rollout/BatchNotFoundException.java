package uk.co.dcc.chfirmware.rollout;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No batch with that id that the caller may see. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public class BatchNotFoundException extends RuntimeException {

    public BatchNotFoundException(long batchId) {
        super("No batch with id " + batchId);
    }
}
